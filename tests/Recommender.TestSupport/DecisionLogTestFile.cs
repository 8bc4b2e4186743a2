using System.Globalization;
using System.Text.Json;
using Parquet;
using Recommender.Core;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.TestSupport;

/// <summary>
/// Decision log files in the API writer's schema (<see cref="DecisionLogSchema"/>) and JSON (snake_case, nulls left
/// out), for the tests of projects that cannot reference the API, and the log read back through
/// <see cref="DecisionLogParquetReader"/>, as train and evaluate read it.
/// </summary>
public static class DecisionLogTestFile
{
    /// <summary>Writes <paramref name="decisions"/> into one file, <paramref name="rowGroupSize"/> rows a row group.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<DecisionLogEntry> decisions, int rowGroupSize = 10_000)
    {
        var schema = DecisionLogSchema.Schema;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        var f = schema.DataFields;
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
            await group.WriteAsync(f[11], new ReadOnlyMemory<DateTime?>(chunk.Select(d => d.SendAt).ToArray()), null, null, default);
            await group.WriteAsync(f[12], chunk.Select(d => d.SendChannel).ToArray()!);
            await group.WriteAsync(f[13], new ReadOnlyMemory<double?>(chunk.Select(d => d.SendTimePropensity).ToArray()), null, null, default);
            group.CompleteValidate();
        }
    }

    /// <summary>
    /// Writes <paramref name="decisions"/> into <paramref name="folder"/> as <paramref name="files"/> log files named
    /// the way the API's writer names complete files.
    /// </summary>
    public static async Task WriteFolderAsync(string folder, IReadOnlyList<DecisionLogEntry> decisions, int files = 1)
    {
        Directory.CreateDirectory(folder);
        var perFile = (decisions.Count + files - 1) / files;
        var index = 0;
        foreach (var part in decisions.Chunk(Math.Max(1, perFile)))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{DecisionLogColumns.FilePrefix}20260101T000000Z-1-{index++:D4}{DecisionLogColumns.FileExtension}");
            await WriteAsync(Path.Combine(folder, name), part);
        }
    }

    /// <summary>Every decision of the log files or folders at <paramref name="paths"/>, read as train and evaluate read them.</summary>
    public static async Task<List<DecisionLogEntry>> ReadAllAsync(IReadOnlyList<string> paths, DecisionLogReadOptions? options = null)
    {
        var decisions = new List<DecisionLogEntry>();
        await foreach (var batch in DecisionLogParquetReader.ReadAsync(paths, options))
        {
            decisions.AddRange(batch.Decisions);
        }

        return decisions;
    }
}
