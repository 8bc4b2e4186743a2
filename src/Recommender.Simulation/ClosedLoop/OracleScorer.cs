using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// Scores with the world's true probabilities: the ceiling any model could reach under the same hard rules.
/// Only meaningful inside a simulation, where <see cref="Current"/> is the decision being made.
/// </summary>
/// <remarks>
/// By default the probabilities are those of a send now on the message's own channel (the oracle of "which message
/// now"). <see cref="HourNeutral"/> scores the message at an average decision hour on its own channel instead, so that
/// an <see cref="OracleArrivalModel"/> can move it to the best hour and channel (the oracle of "which message, when
/// and where").
/// </remarks>
public sealed class OracleScorer : ICandidateScorer
{
    public string? Version => "oracle";

    public bool EstimatesNoSend => true;

    /// <summary>The decision point being scored; set through <see cref="EnginePolicy"/>'s before-decide hook.</summary>
    public DecisionContext? Current { get; set; }

    /// <summary>Scores at an average decision hour rather than at the decision's own hour.</summary>
    public bool HourNeutral { get; init; }

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var context = Current ?? throw new InvalidOperationException("The oracle scorer only works inside a simulation run.");
        if (!HourNeutral)
        {
            return new CandidateProbabilities(
                context.TrueGoalProbability(message, send: true),
                context.TrueGoalProbability(message, send: false),
                context.TrueUnsubscribeProbability(message));
        }

        // The own channel's responsiveness stays in: the engine weighs another channel relative to the message's own.
        var arrival = context.ArrivalTraits.Channel(message.Channel);
        return new CandidateProbabilities(
            context.TrueGoalProbability(message, send: true, arrival),
            context.TrueGoalProbability(message, send: false, arrival),
            context.TrueUnsubscribeProbability(message));
    }
}
