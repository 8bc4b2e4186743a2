namespace Recommender.Data;

/// <summary>
/// How <see cref="ProfileParquetReader"/> validates, and where it reports. Create one per read:
/// <see cref="Summary"/> is reset when a read starts.
/// </summary>
public sealed class ProfileReadOptions
{
    /// <summary>Earliest accepted <c>signup_at</c> (inclusive); default 2000-01-01 UTC.</summary>
    public DateTime MinTimestamp { get; init; } = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Latest accepted <c>signup_at</c> (exclusive); default 2100-01-01 UTC.</summary>
    public DateTime MaxTimestamp { get; init; } = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throw at the first bad file or row group (default), or skip bad rows and collect every issue.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.Throw;

    public ProfileReadSummary Summary { get; } = new();
}
