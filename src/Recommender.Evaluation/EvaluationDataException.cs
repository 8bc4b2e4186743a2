namespace Recommender.Evaluation;

/// <summary>
/// The data cannot give a trustworthy evaluation (no logged decision to replay, no validation rows, a log without the
/// events the report needs); the message says what is missing and what to change. The CLI exits 1 on it.
/// </summary>
public sealed class EvaluationDataException : Exception
{
    public EvaluationDataException(string message)
        : base(message)
    {
    }

    public EvaluationDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
