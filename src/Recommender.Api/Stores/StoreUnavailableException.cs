namespace Recommender.Api.Stores;

/// <summary>The state store could not be reached or read; callers must fail safe (send nothing).</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
