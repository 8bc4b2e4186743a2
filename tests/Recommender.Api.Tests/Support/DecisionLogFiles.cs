using Parquet;

namespace Recommender.Api.Tests.Support;

/// <summary>Reads the decision log back, as train and evaluate would.</summary>
public static class DecisionLogFiles
{
    public sealed record Row(string DecisionId, string UserId, string? MessageId, string Reason, double Propensity);

    public static async Task<List<Row>> ReadAsync(string folder)
    {
        var rows = new List<Row>();
        foreach (var file in Directory.GetFiles(folder, "decisions-*.parquet").Order())
        {
            await using var reader = await ParquetReader.CreateAsync(file);
            var fields = reader.Schema.DataFields;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                var ids = await Strings(group, fields[0], n);
                var users = await Strings(group, fields[1], n);
                var messages = await Strings(group, fields[4], n);
                var reasons = await Strings(group, fields[5], n);
                var propensities = new double[n];
                await group.ReadAsync<double>(fields[6], propensities.AsMemory(), null, default);
                for (var i = 0; i < ids.Length; i++)
                {
                    rows.Add(new Row(ids[i]!, users[i]!, messages[i], reasons[i]!, propensities[i]));
                }
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
