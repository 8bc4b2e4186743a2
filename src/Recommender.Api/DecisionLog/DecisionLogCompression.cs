namespace Recommender.Api.DecisionLog;

/// <summary>
/// The decision log's Parquet codec (<c>DecisionLog:Compression</c>). The log is written on the machine that answers
/// the requests, so its CPU is taken from them: a row is a few KB of JSON (the score breakdown of every candidate).
/// Measured with Parquet.Net on 10,000 rows of 3.7 KB (17 scored candidates): Zstd 40 µs and 1,054 bytes a row,
/// Snappy 23–25 µs and 1,692 bytes, none 9 µs and 3,754 bytes.
/// </summary>
public enum DecisionLogCompression
{
    /// <summary>The default: about half Zstd's CPU for files 1.6 times larger.</summary>
    Snappy,

    /// <summary>The smallest files, for servers with CPU to spare.</summary>
    Zstd,

    /// <summary>The least CPU; files 3.5 times Snappy's.</summary>
    None,
}
