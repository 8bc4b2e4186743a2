namespace Recommender.Scoring;

/// <summary>A compiled-forest file that cannot be loaded: wrong magic, unsupported version, truncated or corrupt.</summary>
public sealed class ForestFormatException : Exception
{
    public ForestFormatException()
    {
    }

    public ForestFormatException(string message)
        : base(message)
    {
    }

    public ForestFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
