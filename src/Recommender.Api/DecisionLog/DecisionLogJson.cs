using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Decisioning;

namespace Recommender.Api.DecisionLog;

/// <summary>
/// Compile-time JSON for the decision log's nested columns, with the settings of the product's <c>CoreJson.Options</c>
/// (snake_case, nulls left out): the same text as before, written by generated code instead of reflection, because
/// every decision is serialised three times on the log writer, which shares the two cores with the requests.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyList<CandidateScore>))]
[JsonSerializable(typeof(IReadOnlyList<Suppression>))]
internal sealed partial class DecisionLogJson : JsonSerializerContext;
