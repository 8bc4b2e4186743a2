namespace Recommender.Api.Decisions.Log;

/// <summary>
/// The decision log's Parquet codec (<c>DecisionLog:Compression</c>). The log is written on the machine that answers
/// the requests, so its CPU is taken from them: a row is a few KB of JSON (the score breakdown of every candidate).
/// Each codec's CPU and size per row: <c>dotnet fsi scripts/decision-log-codecs.fsx</c>, figures in docs/results.md.
/// </summary>
public enum DecisionLogCompression
{
    /// <summary>The default: less CPU than Zstd, for larger files.</summary>
    Snappy,

    /// <summary>The smallest files, for servers with CPU to spare.</summary>
    Zstd,

    /// <summary>The least CPU; the largest files.</summary>
    None,
}
