namespace Recommender.Data.Validation;

/// <summary>
/// Gathers the issues of one unit of work (a file header, a row group) and applies the error policy
/// when that unit is done: under <see cref="ErrorPolicy.Throw"/> an error ends the read with all the
/// unit's issues at once, so the user fixes a batch of problems per run rather than one.
/// </summary>
internal sealed class IssueBuffer(ErrorPolicy policy)
{
    /// <summary>Cap on issues carried by one exception: enough to see the pattern, small enough to print.</summary>
    internal const int MaxIssuesThrown = 100;

    private readonly List<ValidationIssue> _issues = [];

    public ErrorPolicy Policy => policy;

    public bool HasErrors { get; private set; }

    public void Add(ValidationIssue issue)
    {
        HasErrors |= issue.Severity == IssueSeverity.Error;

        // Under Throw the read ends at this unit anyway; keeping a million copies of the same problem helps nobody.
        if (policy == ErrorPolicy.Throw && _issues.Count >= MaxIssuesThrown)
        {
            return;
        }

        _issues.Add(issue);
    }

    public void Error(string file, long? row, string? column, string expected, string found) =>
        Add(ValidationIssue.InTable(IssueSeverity.Error, file, row, column, expected, found));

    public void Warning(string file, long? row, string? column, string expected, string found) =>
        Add(ValidationIssue.InTable(IssueSeverity.Warning, file, row, column, expected, found));

    /// <summary>Moves the gathered issues to <paramref name="summary"/>; throws when the policy says so.</summary>
    public void Flush(ReadSummary summary)
    {
        summary.AddIssues(_issues);
        var mustThrow = policy == ErrorPolicy.Throw && HasErrors;
        var thrown = mustThrow ? _issues.ToList() : null;
        _issues.Clear();
        HasErrors = false;
        if (thrown is not null)
        {
            throw new DataValidationException(thrown);
        }
    }
}
