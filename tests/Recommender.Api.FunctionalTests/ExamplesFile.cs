using Parquet;

namespace Recommender.Api.FunctionalTests;

/// <summary>
/// The rows of a <c>recommender features</c> file read back with Parquet.Net: the keys of each logged decision and
/// its features by column name (every float column between <c>propensity</c> and the labels).
/// </summary>
internal sealed record ExampleRow(string UserId, string MessageId, DateTime SentAt, IReadOnlyDictionary<string, float> Features);

internal static class ExamplesFile
{
    public static async Task<List<ExampleRow>> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields;
        var features = fields.Where(f => f.ClrType == typeof(float)).ToArray();
        Assert.True(features.Length > 100, $"{path} has only {features.Length} float columns");
        var rows = new List<ExampleRow>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var users = new string?[n];
            var messages = new string?[n];
            var sentAt = new DateTime[n];
            await group.ReadAsync(fields.Single(f => f.Name == "user_id"), users.AsMemory(), null, default);
            await group.ReadAsync(fields.Single(f => f.Name == "message_id"), messages.AsMemory(), null, default);
            await group.ReadAsync<DateTime>(fields.Single(f => f.Name == "sent_at"), sentAt.AsMemory(), null, default);
            var values = new List<float[]>();
            foreach (var f in features)
            {
                var column = new float[n];
                await group.ReadAsync<float>(f, column.AsMemory(), null, default);
                values.Add(column);
            }

            for (var i = 0; i < n; i++)
            {
                var named = new Dictionary<string, float>(features.Length, StringComparer.Ordinal);
                for (var c = 0; c < features.Length; c++)
                {
                    named[features[c].Name] = values[c][i];
                }

                rows.Add(new ExampleRow(users[i]!, messages[i]!, DateTime.SpecifyKind(sentAt[i], DateTimeKind.Utc), named));
            }
        }

        return rows;
    }
}
