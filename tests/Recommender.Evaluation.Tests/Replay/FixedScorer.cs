using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Evaluation.Tests.Replay;

/// <summary>The same probabilities for every candidate (P(goal | send) 0.3, no send 0.1): the engine sends whenever it may.</summary>
internal sealed class FixedScorer : ICandidateScorer
{
    public string? Version => "fixed";

    public bool EstimatesNoSend => true;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf) => new(0.3, 0.1, 0);
}
