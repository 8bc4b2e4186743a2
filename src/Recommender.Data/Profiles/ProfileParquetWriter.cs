using Parquet;
using Parquet.Schema;
using Recommender.Core.Profiles;
using Recommender.Data.Tables;

namespace Recommender.Data.Profiles;

/// <summary>
/// Writes a <c>profiles</c> Parquet file: the fixed columns, then one double column per key of
/// <see cref="UserProfile.Numeric"/> and one string column per key of <see cref="UserProfile.Categorical"/>
/// (union over all profiles, sorted; null where a profile lacks the key).
/// </summary>
public static class ProfileParquetWriter
{
    private const int RowGroupSize = 100_000;

    public static async Task WriteAsync(string path, IEnumerable<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(profiles);

        var rows = profiles.ToList();
        rows.ForEach(Check);
        var numericKeys = rows.SelectMany(p => p.Numeric.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var categoricalKeys = rows.SelectMany(p => p.Categorical.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        CheckExtraNames(numericKeys, categoricalKeys);

        var fixedFields = new DataField[]
        {
            new DataField<string>(ProfileColumns.UserId, false),
            new DateTimeDataField(ProfileColumns.SignupAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
            new DataField<string>(ProfileColumns.Country, false),
            new DataField<string>(ProfileColumns.Timezone, false),
            new DataField<int>(ProfileColumns.CompanySize, true),
            new DataField<string>(ProfileColumns.Plan, false),
        };
        var numericFields = numericKeys.Select(k => new DataField<double>(k, true)).ToList();
        var categoricalFields = categoricalKeys.Select(k => new DataField<string>(k, true)).ToList();
        var schema = new ParquetSchema(fixedFields.Concat(numericFields).Concat(categoricalFields));

        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, ParquetWriting.Options, append: false, ct).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                // An empty table still gets one (empty) row group, so readers see the schema and zero rows.
                for (var start = 0; start == 0 || start < rows.Count; start += RowGroupSize)
                {
                    var chunk = rows.GetRange(start, Math.Min(RowGroupSize, rows.Count - start));
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync(fixedFields[0], chunk.Select(p => p.UserId).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync<DateTime>(fixedFields[1], chunk.Select(p => ParquetWriting.ToUtc(p.SignupAt)).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
                    await group.WriteAsync(fixedFields[2], chunk.Select(p => p.Country).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync(fixedFields[3], chunk.Select(p => p.Timezone).ToArray()).ConfigureAwait(false);
                    await group.WriteAsync<int>(fixedFields[4], chunk.Select(p => p.CompanySize).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
                    await group.WriteAsync(fixedFields[5], chunk.Select(p => p.Plan).ToArray()).ConfigureAwait(false);
                    foreach (var field in numericFields)
                    {
                        var values = chunk.Select(p => p.Numeric.TryGetValue(field.Name, out var v) ? v : (double?)null).ToArray();
                        await group.WriteAsync<double>(field, values.AsMemory(), null, null, ct).ConfigureAwait(false);
                    }

                    foreach (var field in categoricalFields)
                    {
                        var values = chunk.Select(p => p.Categorical.GetValueOrDefault(field.Name)).ToArray();
                        await group.WriteAsync(field, values!).ConfigureAwait(false);
                    }

                    group.CompleteValidate();
                }
            }
        }
    }

    private static void Check(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var (column, value) in new[]
                 {
                     (ProfileColumns.UserId, profile.UserId), (ProfileColumns.Country, profile.Country),
                     (ProfileColumns.Timezone, profile.Timezone), (ProfileColumns.Plan, profile.Plan),
                 })
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException(
                    $"Profile \"{profile.UserId}\" has no {column}; the profiles table requires one on every row.", nameof(profile));
            }
        }
    }

    /// <summary>A column name must say unambiguously which feature it is.</summary>
    private static void CheckExtraNames(List<string> numericKeys, List<string> categoricalKeys)
    {
        var clash = numericKeys.Concat(categoricalKeys).FirstOrDefault(ProfileColumns.Fixed.Contains)
            ?? numericKeys.Intersect(categoricalKeys, StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null)
        {
            throw new ArgumentException(
                $"Extra profile attribute \"{clash}\" clashes with a fixed column or is both numeric and categorical.", "profiles");
        }

        var empty = numericKeys.Concat(categoricalKeys).FirstOrDefault(string.IsNullOrWhiteSpace);
        if (empty is not null)
        {
            throw new ArgumentException("Extra profile attributes need a non-empty name.", "profiles");
        }
    }
}
