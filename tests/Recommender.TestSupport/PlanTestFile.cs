using Parquet;

namespace Recommender.TestSupport;

/// <summary>One row of a plan file as <c>recommender plan</c> writes it (docs/plan.md), read back column by column.</summary>
/// <remarks><paramref name="SendAt"/> and <paramref name="Channel"/> are the columns of a plan with a look-ahead; null in a "now only" plan.</remarks>
public sealed record PlanTestRow(
    string UserId, string DecisionId, DateTime AsOf, string? MessageId, string Reason, double Propensity, string? ModelVersion, string Decision,
    DateTime? SendAt = null, string? Channel = null);

/// <summary>Reads a Parquet plan file, holding its column names and order to the documented ones.</summary>
public static class PlanTestFile
{
    public static IReadOnlyList<string> Columns { get; } = ["user_id", "decision_id", "as_of", "message_id", "reason", "propensity", "model_version", "decision"];

    /// <summary>The columns of a plan with a look-ahead (<c>--look-ahead-hours</c>).</summary>
    public static IReadOnlyList<string> ColumnsWithSendTimes { get; } = [.. Columns, "send_at", "channel"];

    public static async Task<List<PlanTestRow>> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var f = reader.Schema.DataFields;
        var sendTimes = f.Select(x => x.Name).SequenceEqual(ColumnsWithSendTimes);
        if (!sendTimes && !f.Select(x => x.Name).SequenceEqual(Columns))
        {
            throw new InvalidDataException($"{path}: columns {string.Join(", ", f.Select(x => x.Name))}, expected {string.Join(", ", Columns)}");
        }

        var rows = new List<PlanTestRow>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var users = await Strings(group, f[0], n);
            var ids = await Strings(group, f[1], n);
            var asOf = new DateTime[n];
            await group.ReadAsync<DateTime>(f[2], asOf.AsMemory(), null, default);
            var messages = await Strings(group, f[3], n);
            var reasons = await Strings(group, f[4], n);
            var propensities = new double[n];
            await group.ReadAsync<double>(f[5], propensities.AsMemory(), null, default);
            var versions = await Strings(group, f[6], n);
            var decisions = await Strings(group, f[7], n);
            var sendAt = new DateTime?[n];
            var channels = new string?[n];
            if (sendTimes)
            {
                await group.ReadAsync(f[8], sendAt.AsMemory(), null, default);
                channels = await Strings(group, f[9], n);
            }

            for (var i = 0; i < n; i++)
            {
                rows.Add(new PlanTestRow(users[i]!, ids[i]!, DateTime.SpecifyKind(asOf[i], DateTimeKind.Utc), messages[i], reasons[i]!, propensities[i], versions[i], decisions[i]!,
                    sendAt[i] is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null, channels[i]));
            }
        }

        return rows;
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, Parquet.Schema.DataField field, int n)
    {
        var values = new string?[n];
        await group.ReadAsync(field, values.AsMemory(), null, default);
        return values;
    }
}
