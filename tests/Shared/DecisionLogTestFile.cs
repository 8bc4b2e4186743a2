using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Recommender.Core;
using Recommender.Data;

namespace Recommender.Testing;

/// <summary>
/// Writes decision log files with exactly the schema of the API's writer (<c>DecisionLogSchema.Schema</c>: required and
/// optional columns, a UTC microsecond <c>as_of</c>) and its JSON (snake_case, nulls left out), for tests of the
/// projects that cannot reference the API. The API's own tests read the real writer's files back.
/// </summary>
internal static class DecisionLogTestFile
{
    public static readonly ParquetSchema Schema = new(
        new DataField<string>("decision_id", false),
        new DataField<string>("user_id", false),
        new DateTimeDataField("as_of", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>("channel", true),
        new DataField<string>("message_id", true),
        new DataField<string>("reason", false),
        new DataField<double>("propensity", false),
        new DataField<string>("model_version", true),
        new DataField<string>("distribution", false),
        new DataField<string>("scores", false),
        new DataField<string>("suppressed", false));

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
