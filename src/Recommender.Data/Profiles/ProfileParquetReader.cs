using Recommender.Core.Profiles;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>
/// Reads the <c>profiles</c> table (a file or a folder of files) with validation. Profiles are one row per
/// user, small enough to hold, and must be held anyway to find repeated user ids.
/// </summary>
public static class ProfileParquetReader
{
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="DataValidationException">Under <see cref="ErrorPolicy.Throw"/>: the first bad file or row group.</exception>
    public static async Task<IReadOnlyList<UserProfile>> ReadAsync(
        string path, ProfileReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new ProfileReadOptions();
        var summary = options.Begin();

        var issues = new IssueBuffer(options.OnError);
        var files = ParquetTable.ListFiles(path, issues, summary);
        var profiles = new List<UserProfile>();
        var validator = new ProfileRowValidator(options);
        foreach (var file in files)
        {
            var groups = ParquetTable.ReadGroupsAsync(
                file, summary, issues, schema => Resolve(schema, file, issues, summary), ProfileColumnData.ReadAsync,
                (data, rows, firstRow) => Validate(data, rows, file, firstRow, validator, issues, summary, profiles), ct);
            await foreach (var _ in groups.ConfigureAwait(false))
            {
            }
        }

        summary.ProfilesReturned = profiles.Count;
        return profiles;
    }

    private static ProfileFields? Resolve(Parquet.Schema.ParquetSchema schema, string file, IssueBuffer issues, ProfileReadSummary summary)
    {
        var fields = ProfileFields.Resolve(schema, file, issues);
        foreach (var field in fields?.Numeric ?? [])
        {
            summary.AddNumericColumn(field.Name);
        }

        foreach (var field in fields?.Categorical ?? [])
        {
            summary.AddCategoricalColumn(field.Name);
        }

        return fields;
    }

    /// <summary>Adds a group's valid profiles to <paramref name="profiles"/>; returns how many rows it had.</summary>
    private static int Validate(
        ProfileColumnData data, int rows, string file, long firstRow, ProfileRowValidator validator, IssueBuffer issues,
        ProfileReadSummary summary, List<UserProfile> profiles)
    {
        for (var i = 0; i < rows; i++)
        {
            var profile = validator.Validate(data, i, file, firstRow + i, issues);
            if (profile is null)
            {
                summary.RowsRejected++;
            }
            else
            {
                profiles.Add(profile);
            }
        }

        return rows;
    }
}
