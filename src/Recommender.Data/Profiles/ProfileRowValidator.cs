using Recommender.Core.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>
/// Checks one profiles row and builds its profile. Holds the (user, <c>valid_from</c>) pairs seen in the whole table
/// (two undated rows of one user, or two rows of one user at one instant, are an error: which would be the truth?) and
/// a cache of checked time zones. Every column but <c>user_id</c> is optional: null, or an empty string (how pandas
/// writes a missing text), means unknown.
/// </summary>
internal sealed class ProfileRowValidator(ProfileReadOptions options)
{
    private readonly Dictionary<(string User, DateTime? ValidFrom), (string File, long Row)> _seen = new();
    private readonly Dictionary<string, string?> _timezoneProblems = new(StringComparer.Ordinal);
    private readonly string _timestampRange =
        $"a UTC timestamp between {Show.Date(options.MinTimestamp)} and {Show.Date(options.MaxTimestamp)}";

    /// <summary>The row's profile and its <c>valid_from</c> (null for the undated row), or null when the row breaks the contract.</summary>
    public (UserProfile Profile, DateTime? ValidFrom)? Validate(ProfileColumnData data, int i, string file, long row, IssueBuffer issues)
    {
        var userId = data.UserIds[i];
        var ok = true;
        if (string.IsNullOrWhiteSpace(userId))
        {
            ok = false;
            issues.Error(file, row, ProfileColumns.UserId, "a non-empty string", Show.Text(userId));
        }

        var timezone = Text(data.Timezones, i);
        ok &= timezone is null || CheckTimezone(file, row, timezone, issues);
        ok &= CheckInstant(file, row, ProfileColumns.SignupAt, data.SignupAt?[i], issues);
        var validFrom = data.ValidFrom?[i];
        ok &= CheckInstant(file, row, ProfileColumns.ValidFrom, validFrom, issues);

        int? companySize = null;
        if (data.CompanySizes?[i] is { } size && !double.IsNaN(size))
        {
            if (size >= 0 && size <= int.MaxValue && Math.Floor(size) == size)
            {
                companySize = (int)size;
            }
            else
            {
                ok = false;
                issues.Error(file, row, ProfileColumns.CompanySize, "a whole number ≥ 0 or null", Show.Number(size));
            }
        }

        var numeric = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, values) in data.Numeric)
        {
            // NaN is how pandas spells "missing" in a float column: a missing feature, not a bad row.
            if (values[i] is { } value && !double.IsNaN(value))
            {
                if (double.IsInfinity(value))
                {
                    ok = false;
                    issues.Error(file, row, name, "a finite number or null", Show.Number(value));
                }

                numeric[name] = value;
            }
        }

        var categorical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in data.Categorical)
        {
            if (values[i] is { } value)
            {
                categorical[name] = value;
            }
        }

        if (ok && !_seen.TryAdd((userId!, validFrom), (file, row)))
        {
            ok = false;
            var (firstFile, firstRow) = _seen[(userId!, validFrom)];
            var where = firstFile == file ? $"row {firstRow}" : $"{firstFile} row {firstRow}";
            var (column, expected) = validFrom is null
                ? (ProfileColumns.UserId, "a user id not used by another undated row")
                : (ProfileColumns.ValidFrom, "one row per user and valid_from");
            issues.Error(file, row, column, expected, $"{Show.Text(userId)}{(validFrom is { } t ? " at " + Show.Time(t) : "")}, already on {where}");
        }

        if (!ok)
        {
            return null;
        }

        var profile = new UserProfile(userId!, data.SignupAt?[i], Text(data.Countries, i), timezone, companySize, Text(data.Plans, i))
        {
            Numeric = numeric,
            Categorical = categorical,
        };
        return (profile, validFrom);
    }

    private static string? Text(string?[]? column, int i) => column?[i] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private bool CheckInstant(string file, long row, string column, DateTime? instant, IssueBuffer issues)
    {
        if (instant is not { } t || (t >= options.MinTimestamp && t < options.MaxTimestamp))
        {
            return true;
        }

        issues.Error(file, row, column, _timestampRange + " or null", Show.Time(t));
        return false;
    }

    /// <summary>
    /// IANA ids only: local quiet hours are computed with them on every platform. A Windows id resolves on
    /// Linux too, which would hide the mistake until the service runs somewhere else.
    /// </summary>
    private bool CheckTimezone(string file, long row, string timezone, IssueBuffer issues)
    {
        if (!_timezoneProblems.TryGetValue(timezone, out var problem))
        {
            problem = TimeZoneIds.Problem(timezone);
            _timezoneProblems[timezone] = problem;
        }

        if (problem is null)
        {
            return true;
        }

        issues.Error(file, row, ProfileColumns.Timezone, "an IANA time zone id such as \"Europe/Berlin\"", problem);
        return false;
    }
}
