using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Api.Models;

/// <summary>
/// What serves without a trained bundle: a fixed goal probability and unsubscribe risk for every candidate, so the
/// decision falls to priorities, message values and the hard rules. Deterministic; honest about being no model.
/// </summary>
internal sealed class BaselineScorer : ICandidateScorer
{
    public const string BaselineVersion = "baseline";

    public string? Version => BaselineVersion;

    public bool EstimatesNoSend => false;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf) =>
        new(PGoalSend: 0.1, PGoalNoSend: 0, PUnsubscribe: 0.001);
}
