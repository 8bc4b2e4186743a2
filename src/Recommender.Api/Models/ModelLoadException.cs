namespace Recommender.Api.Models;

/// <summary>A model bundle was refused; the model that was serving keeps serving.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
