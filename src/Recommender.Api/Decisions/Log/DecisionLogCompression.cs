namespace Recommender.Api.Decisions.Log;

/// <summary>
/// The decision log's Parquet codec (<c>DecisionLog:Compression</c>). The log is written on the machine that answers
/// the requests, so its CPU is taken from them: a row is a few KB of JSON (the score breakdown of every candidate).
/// Measured with Parquet.Net on 10,000 rows of 3.7 KB (17 scored candidates; warm round of
/// <c>dotnet fsi scripts/decision-log-codecs.fsx</c>): Zstd 31 µs and 1,019 bytes a row, Snappy 18 µs and 1,639 bytes,
/// none 8 µs and 3,692 bytes.
/// </summary>
public enum DecisionLogCompression
{
    /// <summary>The default: about 60% of Zstd's CPU for files 1.6 times larger.</summary>
    Snappy,

    /// <summary>The smallest files, for servers with CPU to spare.</summary>
    Zstd,

    /// <summary>The least CPU; files 2.3 times Snappy's.</summary>
    None,
}
