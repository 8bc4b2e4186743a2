using Recommender.Core.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>
/// Checks one profiles row and builds the profile. Holds the user ids seen in the whole table
/// (a repeated user is an error: which row would be the truth?) and a cache of checked time zones.
/// </summary>
internal sealed class ProfileRowValidator(ProfileReadOptions options)
{
    private readonly Dictionary<string, (string File, long Row)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _timezoneProblems = new(StringComparer.Ordinal);
    private readonly string _timestampRange =
        $"a UTC timestamp between {Show.Date(options.MinTimestamp)} and {Show.Date(options.MaxTimestamp)}";

    public UserProfile? Validate(ProfileColumnData data, int i, string file, long row, IssueBuffer issues)
    {
        var userId = data.UserIds[i];
        var ok = RequireText(file, row, ProfileColumns.UserId, userId, issues);
        ok &= RequireText(file, row, ProfileColumns.Country, data.Countries[i], issues);
        ok &= RequireText(file, row, ProfileColumns.Plan, data.Plans[i], issues);
        ok &= RequireText(file, row, ProfileColumns.Timezone, data.Timezones[i], issues)
              && CheckTimezone(file, row, data.Timezones[i]!, issues);

        var signupAt = data.SignupAt[i];
        if (signupAt is not { } t || t < options.MinTimestamp || t >= options.MaxTimestamp)
        {
            ok = false;
            issues.Error(file, row, ProfileColumns.SignupAt, _timestampRange, signupAt is { } bad ? Show.Time(bad) : "null");
        }

        int? companySize = null;
        if (data.CompanySizes?[i] is { } size)
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

        if (ok && !_seen.TryAdd(userId!, (file, row)))
        {
            ok = false;
            var (firstFile, firstRow) = _seen[userId!];
            var where = firstFile == file ? $"row {firstRow}" : $"{firstFile} row {firstRow}";
            issues.Error(file, row, ProfileColumns.UserId, "a user id not used by another row",
                $"{Show.Text(userId)}, already on {where}");
        }

        return ok
            ? new UserProfile(userId!, signupAt!.Value, data.Countries[i]!, data.Timezones[i]!, companySize, data.Plans[i]!)
            {
                Numeric = numeric,
                Categorical = categorical,
            }
            : null;
    }

    private static bool RequireText(string file, long row, string column, string? value, IssueBuffer issues)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        issues.Error(file, row, column, "a non-empty string", Show.Text(value));
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
            problem = TimezoneProblem(timezone);
            _timezoneProblems[timezone] = problem;
        }

        if (problem is null)
        {
            return true;
        }

        issues.Error(file, row, ProfileColumns.Timezone, "an IANA time zone id such as \"Europe/Berlin\"", problem);
        return false;
    }

    private static string? TimezoneProblem(string timezone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) && zone.HasIanaId)
        {
            return null;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(timezone, out var iana)
            ? $"{Show.Text(timezone)}, a Windows id (the IANA id is \"{iana}\")"
            : $"{Show.Text(timezone)}, which is no known time zone";
    }
}
