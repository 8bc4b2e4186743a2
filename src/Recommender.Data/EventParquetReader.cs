using System.Runtime.CompilerServices;
using Parquet;
using Recommender.Core.Events;

namespace Recommender.Data;

/// <summary>
/// Streams the <c>events</c> table one row group at a time, validating every row against the data contract
/// and skipping repeated <c>event_id</c>s. Memory stays at one row group plus the set of seen ids,
/// however large the table.
/// </summary>
public static class EventParquetReader
{
    /// <summary>
    /// Reads a <c>.parquet</c> file, or a folder of them as one table (files in ordinal name order).
    /// Counts and issues land in <see cref="EventReadOptions.Summary"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="DataValidationException">Under <see cref="ErrorPolicy.Throw"/>: the first row group or file with an error.</exception>
    public static async IAsyncEnumerable<EventBatch> ReadAsync(
        string path, EventReadOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new EventReadOptions();
        var summary = options.Begin();

        var files = ParquetTable.ListFiles(path);
        var issues = new IssueBuffer(options.OnError);
        if (files.Count == 0)
        {
            issues.Error(path, null, null, "a folder with at least one .parquet file", "no .parquet file");
            issues.Flush(summary);
            yield break;
        }

        var ids = new EventIdSet();
        foreach (var file in files)
        {
            await foreach (var batch in ReadFileAsync(file, options, ids, issues, ct).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }

    private static IAsyncEnumerable<EventBatch> ReadFileAsync(
        string file, EventReadOptions options, EventIdSet ids, IssueBuffer issues, CancellationToken ct)
    {
        var summary = options.Summary;
        var validator = new EventRowValidator(options, file, issues);
        return ParquetTable.ReadGroupsAsync(
            file, summary, issues, schema => EventFields.Resolve(schema, file, issues),
            async (group, fields, firstRow) => new EventBatch(
                await ReadGroupAsync(group, fields, file, firstRow, validator, ids, issues, summary, ct).ConfigureAwait(false), file, firstRow),
            ct);
    }

    private static async Task<List<UserEvent>> ReadGroupAsync(
        ParquetRowGroupReader group, EventFields fields, string file, long firstRow, EventRowValidator validator,
        EventIdSet ids, IssueBuffer issues, EventReadSummary summary, CancellationToken ct)
    {
        var rows = checked((int)group.RowCount);
        summary.RowsRead += rows;
        EventColumnData data;
        try
        {
            data = await EventColumnData.ReadAsync(group, fields, rows, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            summary.RowsRejected += rows;
            issues.Error(file, null, null, $"a readable row group at rows {firstRow}..{firstRow + rows - 1}",
                $"a corrupt row group ({e.Message})");
            return [];
        }

        var events = new List<UserEvent>(rows);
        for (var i = 0; i < rows; i++)
        {
            var e = validator.Validate(
                firstRow + i, data.EventIds[i], data.UserIds[i], data.Timestamps[i], data.EventTypes[i],
                data.MessageIds?[i], data.Values?[i], data.Properties?[i]);
            if (e is null)
            {
                summary.RowsRejected++;
            }
            else if (!ids.Add(e.EventId))
            {
                summary.DuplicatesSkipped++;
            }
            else
            {
                summary.Count(e);
                events.Add(e);
            }
        }

        return events;
    }
}
