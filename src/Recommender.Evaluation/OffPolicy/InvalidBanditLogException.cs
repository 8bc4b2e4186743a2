namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// A bandit log the estimators cannot use. The message names the column and, where it applies, the row and the
/// value found, and says what was expected, so that whoever built the log can fix it.
/// </summary>
public sealed class InvalidBanditLogException : Exception
{
    public InvalidBanditLogException()
    {
    }

    public InvalidBanditLogException(string message)
        : base(message)
    {
    }

    public InvalidBanditLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
