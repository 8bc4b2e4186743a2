using Recommender.Data.Validation;

namespace Recommender.Data.Tests;

/// <summary>The check every reader's broken-file tests make of the issue a broken cell or column gives.</summary>
internal static class IssueAssert
{
    /// <summary>
    /// <paramref name="error"/> holds exactly one issue for <paramref name="column"/>: an error naming the file, the row
    /// (null for a file-level issue), the column, what was expected and what was found, in a message that says all of
    /// it and appears in the exception's own message.
    /// </summary>
    public static void NamesFileRowColumn(DataValidationException error, string file, long? row, string column, string expected, string found)
    {
        var issue = Assert.Single(error.Issues, i => i.Column == column);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal(file, issue.File);
        Assert.Equal(row, issue.Row);
        Assert.Contains(expected, issue.Expected, StringComparison.Ordinal);
        Assert.Contains(found, issue.Found, StringComparison.Ordinal);
        var where = row is null ? $"{file}, column \"{column}\"" : $"{file} row {row}, column \"{column}\"";
        Assert.StartsWith(where, issue.Message, StringComparison.Ordinal);
        Assert.EndsWith($"expected {issue.Expected}, found {issue.Found}", issue.Message, StringComparison.Ordinal);
        Assert.Contains(issue.Message, error.Message, StringComparison.Ordinal);
    }
}
