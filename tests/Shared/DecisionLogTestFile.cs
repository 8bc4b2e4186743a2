using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Recommender.Core;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Testing;

/// <summary>
/// Writes decision log files in the API writer's schema (<see cref="DecisionLogSchema"/>) and JSON (snake_case, nulls
/// left out), for tests of the projects that cannot reference the API. The API's own tests read the real writer's files back.
/// </summary>
internal static class DecisionLogTestFile
{
    public static ParquetSchema Schema => DecisionLogSchema.Schema;

    public static async Task WriteAsync(string path, IReadOnlyList<DecisionLogEntry> decisions, int rowGroupSize = 10_000)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        var f = Schema.DataFields;
        foreach (var chunk in decisions.Chunk(rowGroupSize))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(f[0], chunk.Select(d => d.DecisionId).ToArray());
            await group.WriteAsync(f[1], chunk.Select(d => d.UserId).ToArray());
            await group.WriteAsync<DateTime>(f[2], chunk.Select(d => d.AsOf).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync(f[3], chunk.Select(d => d.Channel).ToArray()!);
            await group.WriteAsync(f[4], chunk.Select(d => d.MessageId).ToArray()!);
            await group.WriteAsync(f[5], chunk.Select(d => d.Reason).ToArray());
            await group.WriteAsync<double>(f[6], chunk.Select(d => d.Propensity).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync(f[7], chunk.Select(d => d.ModelVersion).ToArray()!);
            await group.WriteAsync(f[8], chunk.Select(d => JsonSerializer.Serialize(d.Distribution, CoreJson.Options)).ToArray());
            await group.WriteAsync(f[9], chunk.Select(d => JsonSerializer.Serialize(d.Scores, CoreJson.Options)).ToArray());
            await group.WriteAsync(f[10], chunk.Select(d => JsonSerializer.Serialize(d.Suppressed, CoreJson.Options)).ToArray());
            group.CompleteValidate();
        }
    }
}
