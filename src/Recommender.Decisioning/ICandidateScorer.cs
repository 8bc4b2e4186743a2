using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Decisioning;

/// <summary>
/// Gives the probabilities the decision rule trades off. Implementations: the trained model bundle
/// (compiled forests), the simulator's oracle, and simple baselines. Called only for candidates that passed
/// every hard rule.
/// </summary>
public interface ICandidateScorer
{
    /// <summary>Model version reported with each decision; null for non-model scorers.</summary>
    string? Version { get; }

    /// <summary>
    /// True when the scorer estimates P(goal | no send) from control data, so uplift is the difference;
    /// false makes uplift fall back to P(goal | send), as the design says.
    /// </summary>
    bool EstimatesNoSend { get; }

    CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf);
}

/// <summary>What a scorer says about one candidate.</summary>
public readonly record struct CandidateProbabilities(double PGoalSend, double PGoalNoSend, double PUnsubscribe);
