using Parquet;
using Parquet.Schema;
using Recommender.Data.Tables;

namespace Recommender.Data.Profiles;

/// <summary>The raw columns of one profiles row group, before row validation; null for a column the file lacks.</summary>
internal sealed record ProfileColumnData(
    string?[] UserIds,
    DateTime?[]? SignupAt,
    string?[]? Countries,
    string?[]? Timezones,
    double?[]? CompanySizes,
    string?[]? Plans,
    DateTime?[]? ValidFrom,
    IReadOnlyList<(string Name, double?[] Values)> Numeric,
    IReadOnlyList<(string Name, string?[] Values)> Categorical)
{
    public static async Task<ProfileColumnData> ReadAsync(
        ParquetRowGroupReader group, ProfileFields fields, int rows, CancellationToken ct)
    {
        var numeric = new List<(string, double?[])>();
        foreach (var field in fields.Numeric)
        {
            numeric.Add((field.Name, await ParquetColumns.ReadNumbersAsync(group, field, rows, ct).ConfigureAwait(false)));
        }

        var categorical = new List<(string, string?[])>();
        foreach (var field in fields.Categorical)
        {
            categorical.Add((field.Name, await ParquetColumns.ReadStringsAsync(group, field, rows, ct).ConfigureAwait(false)));
        }

        return new ProfileColumnData(
            await ParquetColumns.ReadStringsAsync(group, fields.UserId, rows, ct).ConfigureAwait(false),
            await Timestamps(group, fields.SignupAt, rows, ct).ConfigureAwait(false),
            await Strings(group, fields.Country, rows, ct).ConfigureAwait(false),
            await Strings(group, fields.Timezone, rows, ct).ConfigureAwait(false),
            fields.CompanySize is null ? null : await ParquetColumns.ReadNumbersAsync(group, fields.CompanySize, rows, ct).ConfigureAwait(false),
            await Strings(group, fields.Plan, rows, ct).ConfigureAwait(false),
            await Timestamps(group, fields.ValidFrom, rows, ct).ConfigureAwait(false),
            numeric,
            categorical);
    }

    private static async ValueTask<string?[]?> Strings(ParquetRowGroupReader group, DataField? field, int rows, CancellationToken ct) =>
        field is null ? null : await ParquetColumns.ReadStringsAsync(group, field, rows, ct).ConfigureAwait(false);

    private static async ValueTask<DateTime?[]?> Timestamps(ParquetRowGroupReader group, DataField? field, int rows, CancellationToken ct) =>
        field is null ? null : await ParquetColumns.ReadTimestampsAsync(group, field, rows, ct).ConfigureAwait(false);
}
