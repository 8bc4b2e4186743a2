namespace Recommender.Data.Validation;

/// <summary>
/// One problem found in an input file, located precisely enough for a person to fix it:
/// the file, the 0-based row (null for a file-level problem), the column or JSON path,
/// what was expected and what was found.
/// </summary>
/// <param name="Severity">Error (the data cannot be used as it is) or warning.</param>
/// <param name="File">Path of the file, as the caller named it.</param>
/// <param name="Row">0-based row within the file (for the catalog: index in <c>messages</c>); null for file-level issues.</param>
/// <param name="Column">Column name, or JSON path for the catalog; null when the issue concerns the whole file.</param>
/// <param name="Expected">What the data contract requires.</param>
/// <param name="Found">What the file holds instead.</param>
/// <param name="Message">A sentence naming all of the above.</param>
public sealed record ValidationIssue(
    IssueSeverity Severity,
    string File,
    long? Row,
    string? Column,
    string Expected,
    string Found,
    string Message)
{
    /// <summary>An issue in a table, located by row and column.</summary>
    public static ValidationIssue InTable(
        IssueSeverity severity, string file, long? row, string? column, string expected, string found)
    {
        var where = file;
        if (row is not null)
        {
            where += $" row {row}";
        }

        if (column is not null)
        {
            where += $", column \"{column}\"";
        }

        return new ValidationIssue(severity, file, row, column, expected, found, $"{where}: expected {expected}, found {found}");
    }

    /// <summary>An issue in a JSON document, located by its JSON path (and the message index when inside <c>messages</c>).</summary>
    public static ValidationIssue InJson(
        IssueSeverity severity, string file, long? row, string? path, string expected, string found)
    {
        var where = path is null ? file : $"{file}, at {path}";
        return new ValidationIssue(severity, file, row, path, expected, found, $"{where}: expected {expected}, found {found}");
    }

    public override string ToString() => Message;
}
