using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Recommender.Core;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>
/// Writes decision log files with exactly the schema of the API's writer (<c>DecisionLogRow.Schema</c>: required and
/// optional columns, a UTC microsecond <c>as_of</c>) and its JSON (snake_case, nulls left out), so that the reader is
/// tested on what the API writes. The API's tests read the real writer's files back.
/// </summary>
internal static class DecisionLogFile
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
        foreach (var chunk in decisions.Chunk(rowGroupSize))
        {
            var f = Schema.DataFields;
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

    public static async Task<List<DecisionLogEntry>> ReadAllAsync(IReadOnlyList<string> paths, DecisionLogReadOptions? options = null)
    {
        var decisions = new List<DecisionLogEntry>();
        await foreach (var batch in DecisionLogParquetReader.ReadAsync(paths, options))
        {
            decisions.AddRange(batch.Decisions);
        }

        return decisions;
    }

    /// <summary>A no-send decision as the engine logs it: "send nothing" with <paramref name="noSend"/>, the rest spread over the scored candidates.</summary>
    public static DecisionLogEntry NoSend(string decisionId, string userId, DateTime asOf, double noSend, params (string Id, double ExpectedValue)[] scored)
    {
        var distribution = new Dictionary<string, double>(StringComparer.Ordinal) { [DecisionLogColumns.NoSendAction] = noSend };
        foreach (var (id, _) in scored)
        {
            distribution[id] = (1 - noSend) / scored.Length;
        }

        if (scored.Length == 0)
        {
            distribution[DecisionLogColumns.NoSendAction] = 1;
        }

        return new DecisionLogEntry(
            decisionId, userId, asOf, "email", null, scored.Length == 0 ? "no_eligible_candidate" : "below_threshold",
            distribution[DecisionLogColumns.NoSendAction], "test@1", distribution,
            [.. scored.Select(s => Score(s.Id, s.ExpectedValue))], []);
    }

    /// <summary>A decision that sends <paramref name="messageId"/> with probability <paramref name="propensity"/>.</summary>
    public static DecisionLogEntry Send(string decisionId, string userId, DateTime asOf, string messageId, double propensity = 0.95) =>
        new(decisionId, userId, asOf, "email", messageId, "best_expected_value", propensity, "test@1",
            new Dictionary<string, double>(StringComparer.Ordinal) { [messageId] = propensity, [DecisionLogColumns.NoSendAction] = 1 - propensity },
            [Score(messageId, 1.5)], [new LoggedSuppression("tips", "cooldown", "sent 2 h ago")]);

    public static LoggedScore Score(string messageId, double expectedValue) =>
        new(messageId, 1, 0.4, 0.3, 0.1, 0.01, 10, expectedValue);
}
