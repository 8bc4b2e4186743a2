using Recommender.Api;

await ApiHost.Build(args).RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
