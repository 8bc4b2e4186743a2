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

    /// <summary>
    /// Scores several candidates of one user at one instant: <paramref name="results"/>[i] for
    /// <paramref name="messages"/>[i]. The engine calls this once per decision, so that a scorer can share the work
    /// that does not depend on the message; by default it calls <see cref="Score"/> for each.
    /// </summary>
    void ScoreAll(UserState state, UserProfile? profile, ReadOnlySpan<MessageDefinition> messages, DateTime asOf, Span<CandidateProbabilities> results)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            results[i] = Score(state, profile, messages[i], asOf);
        }
    }
}

/// <summary>What a scorer says about one candidate.</summary>
public readonly record struct CandidateProbabilities(double PGoalSend, double PGoalNoSend, double PUnsubscribe);
