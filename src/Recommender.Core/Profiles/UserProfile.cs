using System.Text.Json.Serialization;
using Recommender.Core.Events;

namespace Recommender.Core.Profiles;

/// <summary>
/// A user's attributes: the undated row of the <c>profiles</c> table, what holds when no dated value does.
/// Only <see cref="UserId"/> is required: real logs rarely know a signup date, a country, a time zone or a plan, and
/// an unknown attribute is simply a missing feature (an unknown time zone means UTC for quiet hours).
/// Extra columns of the table land in <see cref="Numeric"/> (numeric columns) or <see cref="Categorical"/>
/// (string columns) and become features of the same kind.
/// </summary>
/// <remarks>
/// Attributes that change over time arrive as <c>profile_updated</c> events (<see cref="ProfileAttributes"/>), folded
/// into the user's state like any other event, so features see each value from its own instant on. Dated rows of
/// the profiles table are read into <see cref="Updates"/> as such events, and every replay folds them with the
/// user's log.
/// </remarks>
public sealed record UserProfile(
    string UserId,
    DateTime? SignupAt = null,
    string? Country = null,
    string? Timezone = null,
    int? CompanySize = null,
    string? Plan = null)
{
    public IReadOnlyDictionary<string, double> Numeric { get; init; } = EmptyNumeric;

    public IReadOnlyDictionary<string, string> Categorical { get; init; } = EmptyCategorical;

    /// <summary>
    /// The dated rows of the profiles table for this user, as <c>profile_updated</c> events in time order: folded with
    /// the user's events by every replay (training, evaluation, the API's bootstrap). Not part of the stored profile:
    /// the API applies them to the user's state instead.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<UserEvent> Updates { get; init; } = [];

    private static readonly IReadOnlyDictionary<string, double> EmptyNumeric = new Dictionary<string, double>();
    private static readonly IReadOnlyDictionary<string, string> EmptyCategorical = new Dictionary<string, string>();
}
