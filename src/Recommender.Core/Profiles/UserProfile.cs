namespace Recommender.Core.Profiles;

/// <summary>
/// Slow-changing attributes of a user: one row of the <c>profiles</c> table.
/// Extra columns of the table land in <see cref="Numeric"/> (numeric columns) or
/// <see cref="Categorical"/> (string columns) and become features of the same kind.
/// </summary>
public sealed record UserProfile(
    string UserId,
    DateTime SignupAt,
    string Country,
    string Timezone,
    int? CompanySize,
    string Plan)
{
    public IReadOnlyDictionary<string, double> Numeric { get; init; } = EmptyNumeric;

    public IReadOnlyDictionary<string, string> Categorical { get; init; } = EmptyCategorical;

    private static readonly IReadOnlyDictionary<string, double> EmptyNumeric = new Dictionary<string, double>();
    private static readonly IReadOnlyDictionary<string, string> EmptyCategorical = new Dictionary<string, string>();
}
