using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// Scores with the world's true probabilities: the ceiling any model could reach under the same hard rules.
/// Only meaningful inside a simulation, where <see cref="Current"/> is the decision being made.
/// </summary>
public sealed class OracleScorer : ICandidateScorer
{
    public string? Version => "oracle";

    public bool EstimatesNoSend => true;

    /// <summary>The decision point being scored; set through <see cref="EnginePolicy"/>'s before-decide hook.</summary>
    public DecisionContext? Current { get; set; }

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var context = Current ?? throw new InvalidOperationException("The oracle scorer only works inside a simulation run.");
        return new CandidateProbabilities(
            context.TrueGoalProbability(message, send: true),
            context.TrueGoalProbability(message, send: false),
            context.TrueUnsubscribeProbability(message));
    }
}
