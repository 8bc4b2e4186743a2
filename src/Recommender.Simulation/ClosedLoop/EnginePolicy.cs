using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Decisioning;
using Recommender.Decisioning.Timing;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// Puts the product's decision engine in the simulated world: the user's observable history is folded into a
/// <see cref="UserState"/> exactly as the API would, and the engine decides. One instance per user (the world
/// lives users one at a time per thread), so the fold is incremental.
/// </summary>
/// <param name="decisionCatalog">The catalog the engine decides with, when it differs from the world's (e.g. another contact policy).</param>
/// <param name="beforeDecide">Called with each decision point before the engine runs (the oracle scorer reads the world through it).</param>
/// <param name="sendTime">
/// The look-ahead, for a policy that decides when and on which channel: the world delivers the send at the engine's
/// <c>SendAt</c> on its <c>Channel</c>. Null: every send goes now on the message's own channel.
/// </param>
public sealed class EnginePolicy(
    DecisionEngine engine, SimulationTally tally, MessageCatalog? decisionCatalog = null, Action<DecisionContext>? beforeDecide = null,
    SendTimeOptions? sendTime = null) : ISendPolicy
{
    private readonly UserState _state = new();
    private int _applied;

    public PolicyDecision Decide(DecisionContext context)
    {
        for (; _applied < context.History.Count; _applied++)
        {
            _state.Apply(context.History[_applied]);
        }

        beforeDecide?.Invoke(context);
        var decision = engine.Decide(new DecisionRequest
        {
            DecisionId = context.DecisionId,
            UserId = context.User.Profile.UserId,
            State = _state,
            Profile = context.User.Profile,
            Catalog = decisionCatalog ?? context.Catalog,
            AsOf = context.Now,
            SendTime = sendTime,
        });
        tally.Record(decision);
        return decision.MessageId is { } id
            ? PolicyDecision.Send(id, decision.Propensity) with { SendAt = decision.SendAt, Channel = decision.Channel, SendTimePropensity = decision.SendTimePropensity }
            : PolicyDecision.None;
    }
}
