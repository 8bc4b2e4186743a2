namespace Recommender.Api.Infrastructure;

/// <summary>An <c>as_of</c> earlier than the stored state can answer exactly (older events are compacted); answered 422.</summary>
public sealed class AsOfNotAnswerableException(string message) : Exception(message);
