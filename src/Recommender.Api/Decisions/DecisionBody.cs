using Recommender.Decisioning;

namespace Recommender.Api.Decisions;

/// <summary>
/// A request for a decision. <c>as_of</c> defaults to now; <c>candidates</c> to the whole catalog; <c>decision_id</c>
/// to a new time-ordered id. A caller names the id to reproduce a decision (a plan's row, a replay): the exploration
/// draw is keyed by it, so the same user, state, instant and id give the same answer.
/// </summary>
public sealed record DecisionBody(string? UserId, string? Channel = null, IReadOnlyList<string>? Candidates = null, string? AsOf = null, string? DecisionId = null);

/// <summary>The decision as the API returns it and the decision log stores it.</summary>
public sealed record DecisionResponse(
    string DecisionId,
    string UserId,
    DateTime AsOf,
    string? MessageId,
    string Reason,
    double Propensity,
    IReadOnlyDictionary<string, double> Distribution,
    string? ModelVersion,
    IReadOnlyList<CandidateScore> Scores,
    IReadOnlyList<Suppression> Suppressed)
{
    public static DecisionResponse From(Decision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.DecisionId, d.UserId, d.AsOf, d.MessageId, d.Reason, d.Propensity, d.Distribution, d.ModelVersion, d.Scores, d.Suppressed);
    }
}
