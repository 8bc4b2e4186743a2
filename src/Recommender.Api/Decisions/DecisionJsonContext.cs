using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Decisions;

/// <summary>
/// Compile-time JSON metadata for the hot endpoint's request and answer, with the same settings as
/// <see cref="ApiJson"/>: the serialiser then writes a decision with generated code instead of walking reflection
/// metadata through its generic converters. Other types keep the reflection resolver behind it. The host puts it in
/// front of the resolver chain (<see cref="ApiJson.Configure"/> is feature-neutral).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(DecisionBody))]
[JsonSerializable(typeof(DecisionResponse))]
internal sealed partial class DecisionJsonContext : JsonSerializerContext;
