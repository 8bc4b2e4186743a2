using Recommender.Core.Catalog;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// Wraps any policy and measures each send against the world's truth just before it goes out: at the decision point
/// for a send now, at its instant and on its channel for a scheduled one.
/// </summary>
internal sealed class MeasuringPolicy(ISendPolicy inner, SimulationTally tally) : ISendPolicy
{
    public PolicyDecision Decide(DecisionContext context)
    {
        var decision = inner.Decide(context);
        tally.RecordDecision();
        return decision;
    }

    public void Delivered(DecisionContext context, MessageDefinition sent)
    {
        inner.Delivered(context, sent);
        var uplift = context.TrueGoalProbability(sent, send: true) - context.TrueGoalProbability(sent, send: false);
        tally.RecordSend(context.User.Profile.UserId, uplift * sent.Value);
    }
}
