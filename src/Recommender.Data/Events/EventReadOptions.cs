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

    /// <summary>
    /// With <see cref="SkipRepeatedIds"/>: look for a repeat only within the current run of one user's consecutive
    /// events, for a consumer that needs each user's events together anyway and refuses a user met again after another
    /// (training's grouped replay). A redelivery repeats its user, so within a table grouped by user this skips the same
    /// rows as the table-wide check, without its memory (23–46 bytes per event of the whole table, 2–4 GB at 83 million
    /// events); an id that another user's events also carry is not a redelivery, and is kept for both. Default false.
    /// </summary>
    public bool RepeatsWithinUserRuns { get; init; }
}
