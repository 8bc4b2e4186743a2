namespace Recommender.Data.Validation;

/// <summary>
/// Input data breaks the data contract. <see cref="Issues"/> holds every problem found
/// (up to the reader's limit); the message lists the first few so a log line alone is actionable.
/// </summary>
public sealed class DataValidationException : Exception
{
    private const int IssuesInMessage = 10;

    public DataValidationException(IReadOnlyList<ValidationIssue> issues)
        : base(Describe(issues))
    {
        Issues = issues;
    }

    public IReadOnlyList<ValidationIssue> Issues { get; }

    private static string Describe(IReadOnlyList<ValidationIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 0)
        {
            return "The data is invalid.";
        }

        var lines = issues.Take(IssuesInMessage).Select(i => "  " + i.Message);
        var more = issues.Count > IssuesInMessage ? $"{Environment.NewLine}  … and {issues.Count - IssuesInMessage} more" : "";
        var noun = issues.Count == 1 ? "problem" : "problems";
        return $"The data has {issues.Count} {noun}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
