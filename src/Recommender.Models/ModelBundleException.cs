namespace Recommender.Models;

/// <summary>
/// A model bundle cannot be used: its manifest is missing or malformed, a model file is missing, or it was trained
/// on another feature schema than the one the caller computes features with. The message says how to fix it.
/// </summary>
public sealed class ModelBundleException : Exception
{
    public ModelBundleException(string message)
        : base(message)
    {
    }

    public ModelBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
