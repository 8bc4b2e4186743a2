using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>How <see cref="EventParquetReader"/> validates (timestamps are the <c>timestamp</c> column), and where it reports.</summary>
public sealed class EventReadOptions : ReadOptions<EventReadSummary>
{
    /// <summary>
    /// Skip an event whose <c>event_id</c> was read before (default). A reader whose consumer applies each id once by
    /// itself (the API's stores) turns it off: the check keeps about 35 bytes per event of the whole table in memory.
    /// </summary>
    public bool SkipRepeatedIds { get; init; } = true;
}
