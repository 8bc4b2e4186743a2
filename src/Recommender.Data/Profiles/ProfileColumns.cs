namespace Recommender.Data.Profiles;

/// <summary>The fixed columns of the <c>profiles</c> table; every other column is an extra feature column.</summary>
internal static class ProfileColumns
{
    public const string UserId = "user_id";
    public const string SignupAt = "signup_at";
    public const string Country = "country";
    public const string Timezone = "timezone";
    public const string CompanySize = "company_size";
    public const string Plan = "plan";

    public static IReadOnlySet<string> Fixed { get; } =
        new HashSet<string>(StringComparer.Ordinal) { UserId, SignupAt, Country, Timezone, CompanySize, Plan };
}
