namespace Recommender.Data.Validation;

/// <summary>
/// What a reader saw: files, rows, rows it had to reject and every issue it recorded.
/// Filled while the reader runs; read it after the read has finished.
/// </summary>
public abstract class ReadSummary
{
    private readonly List<string> _files = [];
    private readonly List<ValidationIssue> _issues = [];

    private protected ReadSummary()
    {
    }

    /// <summary>The Parquet files read, in the order they were read.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Rows seen in all files, good or bad.</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows skipped because they broke the contract (only under <see cref="ErrorPolicy.Collect"/>).</summary>
    public long RowsRejected { get; internal set; }

    /// <summary>Every issue recorded, errors and warnings, in file and row order.</summary>
    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public bool HasErrors => _issues.Exists(i => i.Severity == IssueSeverity.Error);

    internal void AddFile(string file) => _files.Add(file);

    internal void AddIssues(IEnumerable<ValidationIssue> issues) => _issues.AddRange(issues);

    /// <summary>Forget a previous read, so that options reused for a second read report only that read.</summary>
    internal virtual void Reset()
    {
        _files.Clear();
        _issues.Clear();
        RowsRead = 0;
        RowsRejected = 0;
    }
}
