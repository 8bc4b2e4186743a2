using Parquet;
using Recommender.Core.Profiles;

namespace Recommender.Data;

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

        var files = ParquetTable.ListFiles(path);
        var issues = new IssueBuffer(options.OnError);
        var profiles = new List<UserProfile>();
        if (files.Count == 0)
        {
            issues.Error(path, null, null, "a folder with at least one .parquet file", "no .parquet file");
            issues.Flush(summary);
            return profiles;
        }

        var validator = new ProfileRowValidator(options);
        foreach (var file in files)
        {
            summary.AddFile(file);
            await ReadFileAsync(file, options, validator, issues, profiles, ct).ConfigureAwait(false);
        }

        summary.ProfilesReturned = profiles.Count;
        return profiles;
    }

    private static async Task ReadFileAsync(
        string file, ProfileReadOptions options, ProfileRowValidator validator, IssueBuffer issues,
        List<UserProfile> profiles, CancellationToken ct)
    {
        var summary = options.Summary;
        var reader = await ParquetTable.TryOpenAsync(file, issues, ct).ConfigureAwait(false);
        if (reader is null)
        {
            issues.Flush(summary);
            return;
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = ProfileFields.Resolve(reader.Schema, file, issues);
            if (fields is null)
            {
                var rows = reader.RowGroups.Sum(g => g.RowCount);
                summary.RowsRead += rows;
                summary.RowsRejected += rows;
                issues.Flush(summary);
                return;
            }

            foreach (var field in fields.Numeric)
            {
                summary.AddNumericColumn(field.Name);
            }

            foreach (var field in fields.Categorical)
            {
                summary.AddCategoricalColumn(field.Name);
            }

            issues.Flush(summary);
            long firstRow = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                ct.ThrowIfCancellationRequested();
                var group = reader.OpenRowGroupReader(g);
                await ReadGroupAsync(group, fields, file, firstRow, validator, issues, summary, profiles, ct).ConfigureAwait(false);
                issues.Flush(summary);
                firstRow += group.RowCount;
            }
        }
    }

    private static async Task ReadGroupAsync(
        ParquetRowGroupReader group, ProfileFields fields, string file, long firstRow, ProfileRowValidator validator,
        IssueBuffer issues, ProfileReadSummary summary, List<UserProfile> profiles, CancellationToken ct)
    {
        var rows = checked((int)group.RowCount);
        summary.RowsRead += rows;
        ProfileColumnData data;
        try
        {
            data = await ProfileColumnData.ReadAsync(group, fields, rows, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            summary.RowsRejected += rows;
            issues.Error(file, null, null, $"a readable row group at rows {firstRow}..{firstRow + rows - 1}",
                $"a corrupt row group ({e.Message})");
            return;
        }

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
    }
}
