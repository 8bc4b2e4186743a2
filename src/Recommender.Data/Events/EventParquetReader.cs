using System.Runtime.CompilerServices;
using Parquet;
using Recommender.Core.Events;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Events;

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

        var issues = new IssueBuffer(options.OnError);
        var files = ParquetTable.ListFiles(path, issues, summary);
        var ids = !options.SkipRepeatedIds ? null
            : options.RepeatsWithinUserRuns ? new UserRunIdSet().Add
            : TableWide(new EventIdSet());
        foreach (var file in files)
        {
            await foreach (var batch in ReadFileAsync(file, options, ids, issues, ct).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }

    private static IAsyncEnumerable<EventBatch> ReadFileAsync(
        string file, EventReadOptions options, Func<UserEvent, bool>? ids, IssueBuffer issues, CancellationToken ct)
    {
        var summary = options.Summary;
        var validator = new EventRowValidator(options, file, issues);
        return ParquetTable.ReadGroupsAsync(
            file, summary, issues, schema => EventFields.Resolve(schema, file, issues), EventColumnData.ReadAsync,
            (data, rows, firstRow) => new EventBatch(Validate(data, rows, firstRow, validator, ids, summary), file, firstRow),
            ct);
    }

    private static List<UserEvent> Validate(
        EventColumnData data, int rows, long firstRow, EventRowValidator validator, Func<UserEvent, bool>? ids, EventReadSummary summary)
    {
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
            else if (ids is not null && !ids(e))
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

    private static Func<UserEvent, bool> TableWide(EventIdSet ids) => e => ids.Add(e.EventId);
}
