namespace Recommender.Data;

/// <summary>
/// How <see cref="EventParquetReader"/> validates, and where it reports. Create one per read:
/// <see cref="Summary"/> is reset when a read starts and filled as it goes.
/// </summary>
public sealed class EventReadOptions
{
    /// <summary>Earliest accepted timestamp (inclusive). Default 2000-01-01 UTC: earlier is almost surely a unit or epoch bug.</summary>
    public DateTime MinTimestamp { get; init; } = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Latest accepted timestamp (exclusive). Default 2100-01-01 UTC.</summary>
    public DateTime MaxTimestamp { get; init; } = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throw at the first bad row group (default), or skip bad rows and collect every issue.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.Throw;

    /// <summary>Filled during the read; complete once the enumeration has finished.</summary>
    public EventReadSummary Summary { get; } = new();
}
