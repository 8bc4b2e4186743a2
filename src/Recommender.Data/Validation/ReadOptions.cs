namespace Recommender.Data.Validation;

/// <summary>
/// What every table reader validates against and where it reports: the sane timestamp range, the error policy and
/// the summary. Create one per read: <see cref="Summary"/> is reset when a read starts and filled as it goes.
/// </summary>
public abstract class ReadOptions<TSummary>
    where TSummary : ReadSummary, new()
{
    /// <summary>Earliest accepted timestamp (inclusive). Default 2000-01-01 UTC: earlier is almost surely a unit or epoch bug.</summary>
    public DateTime MinTimestamp { get; init; } = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Latest accepted timestamp (exclusive). Default 2100-01-01 UTC.</summary>
    public DateTime MaxTimestamp { get; init; } = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throw at the first bad file or row group (default), or skip bad rows and collect every issue.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.Throw;

    /// <summary>Filled during the read; complete once the read has finished.</summary>
    public TSummary Summary { get; } = new();

    /// <summary>Checks the options and resets the summary: the first thing a read does.</summary>
    internal TSummary Begin()
    {
        if (MinTimestamp >= MaxTimestamp)
        {
            throw new ArgumentException(
                $"MinTimestamp ({MinTimestamp:O}) must be earlier than MaxTimestamp ({MaxTimestamp:O}).", "options");
        }

        Summary.Reset();
        return Summary;
    }
}
