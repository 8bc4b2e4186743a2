using Recommender.Core.Profiles;

namespace Recommender.Data.Profiles;

/// <summary>The fixed columns of the <c>profiles</c> table; every other column is an extra feature column.</summary>
internal static class ProfileColumns
{
    public const string UserId = "user_id";
    public const string SignupAt = ProfileAttributes.SignupAt;
    public const string Country = ProfileAttributes.Country;
    public const string Timezone = ProfileAttributes.Timezone;
    public const string CompanySize = ProfileAttributes.CompanySize;
    public const string Plan = ProfileAttributes.Plan;

    /// <summary>
    /// Optional: when set, the row's values hold from this instant on (a dated row, read as a <c>profile_updated</c>
    /// event); when null or absent, the row is the user's undated profile.
    /// </summary>
    public const string ValidFrom = "valid_from";

    public static IReadOnlySet<string> Fixed { get; } =
        new HashSet<string>(StringComparer.Ordinal) { UserId, SignupAt, Country, Timezone, CompanySize, Plan, ValidFrom };
}
