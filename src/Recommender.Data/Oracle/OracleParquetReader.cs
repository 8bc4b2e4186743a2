using Parquet;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Oracle;

/// <summary>Reads <c>oracle.parquet</c> (see <see cref="OracleParquetWriter"/>) into a lookup by decision id.</summary>
public static class OracleParquetReader
{
    /// <exception cref="DataValidationException">The file lacks a column, has a null or repeated decision id, or a probability outside [0, 1].</exception>
    public static async Task<IReadOnlyDictionary<string, OracleRow>> ReadAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var rows = new Dictionary<string, OracleRow>(StringComparer.Ordinal);
        await using var reader = await ParquetReader.CreateAsync(path, ParquetTable.ReaderOptions, ct).ConfigureAwait(false);
        var fields = OracleColumns.Schema.DataFields.Select(f => (Expected: f, Found: ParquetTable.Find(reader.Schema, f.Name))).ToArray();
        var missing = fields.FirstOrDefault(f => f.Found is not Parquet.Schema.DataField);
        if (missing.Expected is not null)
        {
            throw Invalid(path, null, missing.Expected.Name, "a column " + missing.Expected.Name, ParquetTable.DescribeMissing(reader.Schema, missing.Expected.Name));
        }

        var dataFields = fields.Select(f => (Parquet.Schema.DataField)f.Found!).ToArray();
        long first = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var ids = await ParquetColumns.ReadStringsAsync(group, dataFields[0], n, ct).ConfigureAwait(false);
            var send = await ParquetColumns.ReadNumbersAsync(group, dataFields[1], n, ct).ConfigureAwait(false);
            var noSend = await ParquetColumns.ReadNumbersAsync(group, dataFields[2], n, ct).ConfigureAwait(false);
            var unsubscribe = await ParquetColumns.ReadNumbersAsync(group, dataFields[3], n, ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                var row = first + i;
                var id = ids[i] ?? throw Invalid(path, row, OracleColumns.DecisionId.Name, "a decision id", "null");
                var oracle = new OracleRow(
                    id,
                    Probability(path, row, dataFields[1].Name, send[i]),
                    Probability(path, row, dataFields[2].Name, noSend[i]),
                    Probability(path, row, dataFields[3].Name, unsubscribe[i]));
                if (!rows.TryAdd(id, oracle))
                {
                    throw Invalid(path, row, OracleColumns.DecisionId.Name, "a decision id not seen before", $"'{id}' again");
                }
            }

            first += n;
        }

        return rows;
    }

    private static double Probability(string path, long row, string column, double? value) =>
        value is { } p && p is >= 0 and <= 1
            ? p
            : throw Invalid(path, row, column, "a probability in [0, 1]", value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");

    private static DataValidationException Invalid(string path, long? row, string column, string expected, string found) =>
        new([ValidationIssue.InTable(IssueSeverity.Error, path, row, column, expected, found)]);
}
