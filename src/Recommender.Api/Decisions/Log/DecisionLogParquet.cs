using Parquet;

namespace Recommender.Api.Decisions.Log;

/// <summary>How decision log files are encoded.</summary>
public static class DecisionLogParquet
{
    /// <summary>The writer's settings for a codec (<see cref="DecisionLogCompression"/> says what each costs).</summary>
    internal static ParquetOptions Options(DecisionLogCompression compression) => new()
    {
        CompressionMethod = compression switch
        {
            DecisionLogCompression.Snappy => CompressionMethod.Snappy,
            DecisionLogCompression.Zstd => CompressionMethod.Zstd,
            DecisionLogCompression.None => CompressionMethod.None,
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown decision log compression."),
        },
        // Parquet.Net's default level is SmallestSize, which for Zstd costs far more CPU per decision row than the
        // request itself (docs/results.md, "API load"); Optimal is Zstd's own default level.
        CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
    };
}
