using Recommender.Core.Events;
using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>Counts of an events read: what came in, what came out, and what was skipped and why.</summary>
public sealed class EventReadSummary : ReadSummary
{
    private readonly Dictionary<string, long> _eventTypeCounts = new(StringComparer.Ordinal);

    /// <summary>Events handed to the caller (valid and not duplicates).</summary>
    public long EventsReturned { get; internal set; }

    /// <summary>Rows skipped because their <c>event_id</c> had been seen before (in any file of the table).</summary>
    public long DuplicatesSkipped { get; internal set; }

    /// <summary>Earliest timestamp among the returned events; null when none was returned.</summary>
    public DateTime? MinTimestamp { get; private set; }

    /// <summary>Latest timestamp among the returned events; null when none was returned.</summary>
    public DateTime? MaxTimestamp { get; private set; }

    /// <summary>Returned events per event type.</summary>
    public IReadOnlyDictionary<string, long> EventTypeCounts => _eventTypeCounts;

    /// <summary>
    /// A summary as another process read it: what a shard of examples records of the events it was built from, so that
    /// training on the shards sees the same window and event types as training on the events.
    /// </summary>
    public static EventReadSummary Restore(
        long eventsReturned, long duplicatesSkipped, DateTime? minTimestamp, DateTime? maxTimestamp, IReadOnlyDictionary<string, long> eventTypeCounts)
    {
        ArgumentNullException.ThrowIfNull(eventTypeCounts);
        var summary = new EventReadSummary
        {
            EventsReturned = eventsReturned,
            DuplicatesSkipped = duplicatesSkipped,
            MinTimestamp = minTimestamp,
            MaxTimestamp = maxTimestamp,
        };
        foreach (var (type, count) in eventTypeCounts)
        {
            summary._eventTypeCounts[type] = count;
        }

        return summary;
    }

    internal void Count(UserEvent e)
    {
        EventsReturned++;
        _eventTypeCounts[e.EventType] = _eventTypeCounts.GetValueOrDefault(e.EventType) + 1;
        if (MinTimestamp is null || e.Timestamp < MinTimestamp)
        {
            MinTimestamp = e.Timestamp;
        }

        if (MaxTimestamp is null || e.Timestamp > MaxTimestamp)
        {
            MaxTimestamp = e.Timestamp;
        }
    }

    internal override void Reset()
    {
        base.Reset();
        _eventTypeCounts.Clear();
        EventsReturned = 0;
        DuplicatesSkipped = 0;
        MinTimestamp = null;
        MaxTimestamp = null;
    }
}
