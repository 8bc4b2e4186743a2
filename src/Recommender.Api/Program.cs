using System.Globalization;
using Recommender.Api;

// Numbers and dates in the invariant culture, whatever the machine's (as the recommender command does).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
await ApiHost.Build(args).RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
