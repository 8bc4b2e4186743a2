using System.Text.Json.Serialization;
using Recommender.Decisioning;

namespace Recommender.Api.Decisions;

/// <summary>
/// A request for a decision. <c>as_of</c> defaults to now; <c>candidates</c> to the whole catalog; <c>decision_id</c>
/// to a new time-ordered id. A caller names the id to reproduce a decision (a plan's row, a replay): the exploration
/// draw is keyed by it, so the same user, state, instant and id give the same answer. <c>send_time</c> asks the engine
/// to choose when (in a look-ahead) and on which of the message's channels to send; absent, the decision is "now only",
/// exactly as before send times existed.
/// </summary>
public sealed record DecisionBody(
    string? UserId, string? Channel = null, IReadOnlyList<string>? Candidates = null, string? AsOf = null, string? DecisionId = null,
    SendTimeBody? SendTime = null);

/// <summary>
/// A request's look-ahead (docs/send-time.md): every field optional, with the engine's defaults (24 h, 1 h slots, 1 % of
/// the value per hour of waiting).
/// </summary>
public sealed record SendTimeBody(double? LookAheadHours = null, double? SlotHours = null, double? DelayCostPerHour = null);

/// <summary>The decision as the API returns it and the decision log stores it.</summary>
public sealed record DecisionResponse(
    string DecisionId,
    string UserId,
    DateTime AsOf,
    string? MessageId,
    string Reason,
    double Propensity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? SendAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SendTimePropensity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SendTimeChoices,
    IReadOnlyDictionary<string, double> Distribution,
    string? ModelVersion,
    IReadOnlyList<CandidateScore> Scores,
    IReadOnlyList<Suppression> Suppressed)
{
    // The four send-time fields are left out when null (a "now only" decision, or nothing sent): a "now only" answer is
    // then the same bytes as before send times existed.
    public static DecisionResponse From(Decision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.DecisionId, d.UserId, d.AsOf, d.MessageId, d.Reason, d.Propensity, d.SendAt, d.Channel, d.SendTimePropensity, d.SendTimeChoices,
            d.Distribution, d.ModelVersion, d.Scores, d.Suppressed);
    }
}
