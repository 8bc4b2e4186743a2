using Parquet;

namespace Recommender.Api.DecisionLog;

/// <summary>Column-wise writing and reading of decision log rows, in the schema's order.</summary>
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
        // Parquet.Net's default level is SmallestSize, which for Zstd cost 1.1 ms of CPU per decision row (measured
        // on 10,000 real decisions); Optimal is Zstd's own default level.
        CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
    };

    internal static async Task WriteGroupAsync(ParquetWriter writer, List<DecisionLogRow> rows)
    {
        var f = DecisionLogRow.Schema.DataFields;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(f[0], rows.Select(r => r.DecisionId).ToArray());
        await group.WriteAsync(f[1], rows.Select(r => r.UserId).ToArray());
        await group.WriteAsync<DateTime>(f[2], rows.Select(r => DateTime.SpecifyKind(r.AsOf, DateTimeKind.Utc)).ToArray().AsMemory(), null, null, default);
        await group.WriteAsync(f[3], rows.Select(r => r.Channel).ToArray()!);
        await group.WriteAsync(f[4], rows.Select(r => r.MessageId).ToArray()!);
        await group.WriteAsync(f[5], rows.Select(r => r.Reason).ToArray());
        await group.WriteAsync<double>(f[6], rows.Select(r => r.Propensity).ToArray().AsMemory(), null, null, default);
        await group.WriteAsync(f[7], rows.Select(r => r.ModelVersion).ToArray()!);
        await group.WriteAsync(f[8], rows.Select(r => r.Distribution).ToArray());
        await group.WriteAsync(f[9], rows.Select(r => r.Scores).ToArray());
        await group.WriteAsync(f[10], rows.Select(r => r.Suppressed).ToArray());
        group.CompleteValidate();
    }
}
