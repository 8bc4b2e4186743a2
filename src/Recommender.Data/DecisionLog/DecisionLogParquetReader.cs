using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet;
using Recommender.Data.Events;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// Streams the decision log the API writes (<c>DecisionLog:Folder</c>): the complete <c>decisions-*.parquet</c> files of
/// one or more folders, one row group at a time, validating every row and skipping repeated <c>decision_id</c>s.
/// Files still being written (<c>*.parquet.tmp</c>) are left alone and counted. Memory stays at one row group plus the
/// set of seen ids, however large the log.
/// </summary>
public static class DecisionLogParquetReader
{
    /// <summary>
    /// Reads every complete log file of <paramref name="paths"/> (each a log folder, or one log file), folders in the order
    /// given and files in ordinal name order. Counts and issues land in <see cref="DecisionLogReadOptions.Summary"/>.
    /// </summary>
    /// <exception cref="DataValidationException">
    /// Under <see cref="ErrorPolicy.Throw"/>: a path that is not a folder or file, a folder without a complete log file, or
    /// the first row group or file with an error.
    /// </exception>
    public static async IAsyncEnumerable<DecisionLogBatch> ReadAsync(
        IReadOnlyList<string> paths, DecisionLogReadOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new DecisionLogReadOptions();
        var summary = options.Begin();
        var issues = new IssueBuffer(options.OnError);
        var ids = new EventIdSet();
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            var files = ListFiles(path, issues, summary);
            issues.Flush(summary);
            foreach (var file in files)
            {
                await foreach (var batch in ReadFileAsync(file, options, ids, issues, ct).ConfigureAwait(false))
                {
                    yield return batch;
                }
            }
        }
    }

    /// <summary>The complete log files of a folder (or the file itself), in ordinal name order, like the writer names them.</summary>
    private static List<string> ListFiles(string path, IssueBuffer issues, DecisionLogReadSummary summary)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        const string expected = $"a decision log folder holding at least one complete {DecisionLogColumns.FilePattern} file";
        if (!Directory.Exists(path))
        {
            issues.Error(path, null, null, expected, "no file or folder at that path");
            return [];
        }

        var files = new List<string>();
        var inProgress = 0;
        foreach (var file in Directory.EnumerateFiles(path, DecisionLogColumns.FilePrefix + "*", SearchOption.TopDirectoryOnly))
        {
            // Matched by suffix, not by the search pattern alone: "*.parquet" also matches ".parquet.tmp" on some platforms.
            if (file.EndsWith(DecisionLogColumns.FileExtension, StringComparison.Ordinal))
            {
                files.Add(file);
            }
            else if (file.EndsWith(DecisionLogColumns.InProgressExtension, StringComparison.Ordinal))
            {
                inProgress++;
            }
        }

        summary.FilesInProgress += inProgress;
        if (files.Count == 0)
        {
            issues.Error(path, null, null, expected,
                inProgress > 0 ? $"only {inProgress} file(s) still being written (*{DecisionLogColumns.InProgressExtension})" : "no such file" + InFolders(path));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// The folders inside <paramref name="path"/> that hold log files, named: the folder above the servers' log folders
    /// (one per server) is an easy thing to pass, and "no such file" alone did not say what to pass instead.
    /// </summary>
    private static string InFolders(string path)
    {
        var folders = Directory.EnumerateDirectories(path)
            .Where(d => Directory.EnumerateFiles(d, DecisionLogColumns.FilePrefix + "*" + DecisionLogColumns.FileExtension).Any())
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return folders.Length == 0 ? ""
            : $" at its top, but its folder(s) {string.Join(", ", folders.Take(5))}{(folders.Length > 5 ? $" and {folders.Length - 5} more" : "")} " +
              "hold log files: pass each of them (--decision-log, once per folder)";
    }

    private static IAsyncEnumerable<DecisionLogBatch> ReadFileAsync(
        string file, DecisionLogReadOptions options, EventIdSet ids, IssueBuffer issues, CancellationToken ct)
    {
        var summary = options.Summary;
        var validator = new DecisionLogRowValidator(options, file, issues);
        return ParquetTable.ReadGroupsAsync(
            file, summary, issues, schema => DecisionLogFields.Resolve(schema, file, issues), DecisionLogColumnData.ReadAsync,
            (data, rows, firstRow) => new DecisionLogBatch(Validate(data, rows, firstRow, validator, ids, summary), file, firstRow),
            ct);
    }

    private static List<DecisionLogEntry> Validate(
        DecisionLogColumnData data, int rows, long firstRow, DecisionLogRowValidator validator, EventIdSet ids, DecisionLogReadSummary summary)
    {
        var decisions = new List<DecisionLogEntry>(rows);
        for (var i = 0; i < rows; i++)
        {
            var d = validator.Validate(data, i, firstRow + i);
            if (d is null)
            {
                summary.RowsRejected++;
            }
            else if (!ids.Add(Identity(d)))
            {
                // The same decision read twice (a file copied into two folders, a folder given twice) is applied once.
                summary.DuplicatesSkipped++;
            }
            else
            {
                summary.Count(d);
                decisions.Add(d);
            }
        }

        return decisions;
    }

    /// <summary>
    /// What makes two rows one decision: its id within its user. Callers name decisions (<c>decision_id</c>) and may
    /// reuse an id for another user (a campaign's name, a counter per user); keyed by the id alone, every user after
    /// the first lost that decision as a "duplicate". A copy repeats the user as well. The id's length goes first, so
    /// no id and user pair reads as another.
    /// </summary>
    private static string Identity(DecisionLogEntry d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.DecisionId.Length}:{d.DecisionId}{d.UserId}");
}
