namespace Recommender.Simulation.ClosedLoop;

/// <summary>Wraps any policy and measures each send against the world's truth before it happens.</summary>
internal sealed class MeasuringPolicy(ISendPolicy inner, SimulationTally tally) : ISendPolicy
{
    public PolicyDecision Decide(DecisionContext context)
    {
        var decision = inner.Decide(context);
        var value = 0.0;
        if (decision.MessageId is { } id && context.Catalog.Find(id) is { } message)
        {
            var uplift = context.TrueGoalProbability(message, send: true) - context.TrueGoalProbability(message, send: false);
            value = uplift * message.Value;
        }

        tally.RecordDecision(context.User.Profile.UserId, decision.MessageId is not null, value);
        return decision;
    }
}
