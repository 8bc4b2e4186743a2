using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.Simulation;

/// <summary>
/// What a policy gets at a decision point. <see cref="History"/> is what a real recommender could have seen
/// (the user's events so far, in time order); the oracle methods expose the world's true probabilities
/// for the oracle policy and for measuring others. <see cref="State"/> is the world's internal view, kept
/// internal so that only the world's own logging policy may peek at it.
/// </summary>
public sealed class DecisionContext
{
    internal DecisionContext(SimulatedUser user, UserWorldState state, IReadOnlyList<UserEvent> history,
        DateTime now, string decisionId, MessageDefinition? triggeredMessage, MessageCatalog catalog)
    {
        User = user;
        State = state;
        History = history;
        Now = now;
        DecisionId = decisionId;
        TriggeredMessage = triggeredMessage;
        Catalog = catalog;
    }

    public SimulatedUser User { get; }

    public IReadOnlyList<UserEvent> History { get; }

    public DateTime Now { get; }

    /// <summary>Unique id of this decision: goes into the logged event's properties.</summary>
    public string DecisionId { get; }

    /// <summary>Set when the decision point was raised by a message's trigger rather than the daily schedule.</summary>
    public MessageDefinition? TriggeredMessage { get; }

    public MessageCatalog Catalog { get; }

    internal UserWorldState State { get; }

    /// <summary>The world's true P(goal of <paramref name="message"/> within its window | send or not), now.</summary>
    public double TrueGoalProbability(MessageDefinition message, bool send) =>
        ResponseModel.GoalProbability(State, message, Now, send);

    /// <summary>
    /// As above with the arrival factor given (1: an average decision hour on a channel of average responsiveness), so
    /// that the hour and the channel can be chosen apart from the message (<see cref="ArrivalFactor"/>).
    /// </summary>
    public double TrueGoalProbability(MessageDefinition message, bool send, double arrival) =>
        ResponseModel.GoalProbability(State, message, Now, send, arrival);

    /// <summary>The user's hidden active hours and per-channel responsiveness: the oracle's view of when and where to send.</summary>
    public ArrivalTraits ArrivalTraits => User.Traits.Arrival;

    /// <summary>The world's true multiplier of a message's lift at <paramref name="at"/> on <paramref name="channel"/>.</summary>
    public double ArrivalFactor(DateTime at, string channel) => User.Traits.Arrival.Factor(State.LocalHour(at), channel);

    /// <summary>The world's true P(unsubscribe or complaint caused by sending <paramref name="message"/> now).</summary>
    public double TrueUnsubscribeProbability(MessageDefinition message) =>
        ResponseModel.UnsubscribeProbability(State, message, Now);
}
