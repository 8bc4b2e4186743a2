using System.Globalization;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>
/// Reads the <c>profiles</c> table (a file or a folder of files) with validation: one profile per user, in the order
/// users first appear. The undated row is the profile itself; dated rows (<c>valid_from</c> set) become the profile's
/// <see cref="UserProfile.Updates"/>, <c>profile_updated</c> events in time order that every replay folds with the
/// user's log. Profiles are small enough to hold, and must be held anyway to find repeated rows.
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
        var users = new Dictionary<string, UserRows>(StringComparer.Ordinal);
        var order = new List<UserRows>();
        var validator = new ProfileRowValidator(options);
        foreach (var file in files)
        {
            var groups = ParquetTable.ReadGroupsAsync(
                file, summary, issues, schema => Resolve(schema, file, issues, summary), ProfileColumnData.ReadAsync,
                (data, rows, firstRow) => Validate(data, rows, file, firstRow, validator, issues, summary, users, order), ct);
            await foreach (var _ in groups.ConfigureAwait(false))
            {
            }
        }

        var profiles = order.Select(u => u.Build()).ToList();
        summary.ProfilesReturned = profiles.Count;
        return profiles;
    }

    /// <summary>The <c>profile_updated</c> event a dated row stands for: its known values, from its instant on.</summary>
    public static UserEvent ToUpdate(UserProfile row, DateTime validFrom)
    {
        ArgumentNullException.ThrowIfNull(row);
        var values = new List<KeyValuePair<string, ProfileValue>>();
        void Add(string name, ProfileValue? value)
        {
            if (value is { } v)
            {
                values.Add(new(name, v));
            }
        }

        Add(ProfileAttributes.SignupAt, row.SignupAt is { } s ? ProfileValue.Of(s.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture)) : null);
        Add(ProfileAttributes.Country, row.Country is { } c ? ProfileValue.Of(c) : null);
        Add(ProfileAttributes.Timezone, row.Timezone is { } tz ? ProfileValue.Of(tz) : null);
        Add(ProfileAttributes.CompanySize, row.CompanySize is { } n ? ProfileValue.Of(n) : null);
        Add(ProfileAttributes.Plan, row.Plan is { } p ? ProfileValue.Of(p) : null);
        foreach (var (name, value) in row.Numeric.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            Add(name, ProfileValue.Of(value));
        }

        foreach (var (name, value) in row.Categorical.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            Add(name, ProfileValue.Of(value));
        }

        var at = DateTime.SpecifyKind(validFrom, DateTimeKind.Utc);
        return new UserEvent(
            $"{EventTypes.ProfileUpdated}:{row.UserId}:{at.ToString("O", CultureInfo.InvariantCulture)}", row.UserId, at,
            EventTypes.ProfileUpdated, null, null, ProfileAttributes.ToJson(values));
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

    /// <summary>Adds a group's valid rows to their users; returns how many rows it had.</summary>
    private static int Validate(
        ProfileColumnData data, int rows, string file, long firstRow, ProfileRowValidator validator, IssueBuffer issues,
        ProfileReadSummary summary, Dictionary<string, UserRows> users, List<UserRows> order)
    {
        for (var i = 0; i < rows; i++)
        {
            if (validator.Validate(data, i, file, firstRow + i, issues) is not var (profile, validFrom))
            {
                summary.RowsRejected++;
                continue;
            }

            if (!users.TryGetValue(profile.UserId, out var user))
            {
                users.Add(profile.UserId, user = new UserRows(profile.UserId));
                order.Add(user);
            }

            if (validFrom is { } at)
            {
                summary.DatedRows++;
                user.Updates.Add(ToUpdate(profile, at));
            }
            else
            {
                user.Undated = profile;
            }
        }

        return rows;
    }

    /// <summary>One user's rows: at most one undated, any number dated.</summary>
    private sealed class UserRows(string userId)
    {
        public UserProfile? Undated { get; set; }

        public List<UserEvent> Updates { get; } = [];

        public UserProfile Build()
        {
            var profile = Undated ?? new UserProfile(userId);
            return Updates.Count == 0 ? profile : profile with { Updates = [.. Updates.OrderBy(e => e.Timestamp)] };
        }
    }
}
