using System.IO.Compression;
using Parquet;

namespace Recommender.Data.Tables;

/// <summary>How every table of the product is written.</summary>
internal static class ParquetWriting
{
    /// <summary>
    /// Zstd at its default level: less than half Snappy's size for an event log, written in about the same time
    /// (docs/results.md, "Parquet files"), and every current Parquet consumer reads it. Optimal rather than
    /// Parquet.Net's default (SmallestSize) keeps writes fast.
    /// </summary>
    public static ParquetOptions Options { get; } = new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        CompressionLevel = CompressionLevel.Optimal,
    };

    /// <summary>
    /// The contract stores UTC. A local time converts unambiguously; an unspecified one is taken to be UTC already,
    /// which is how the rest of the product creates timestamps.
    /// </summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
