using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;
using Recommender.Decisioning.Timing;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// Replays every user's events through the same <see cref="UserState"/> fold as training and serving, and at each
/// logged decision of the period (<c>message_sent</c>, <c>decision_no_send</c>) asks each policy's
/// <see cref="DecisionEngine"/> what it would have done, as of that instant and with the logged decision id, so that
/// the engine's exploration draw replays. The state holds only events strictly before the decision, like training's.
/// </summary>
/// <remarks>
/// A replayed policy sees the logging policy's history, not the one its own choices would have made: the caps and
/// spacing it is held to are those of the logged sends. That is what off-policy evaluation of one decision assumes.
/// </remarks>
internal static class DecisionReplay
{
    /// <param name="sendTime">
    /// When set, the policies decide when and on which channel too (a look-ahead), and each logged send is weighed by
    /// their probability of its logged instant and channel over the logging policy's (<see cref="PolicyReplay.TimingRatio"/>).
    /// </param>
    public static ReplayResult Run(
        EvaluationInputs inputs, EvaluationPeriod period, IReadOnlyList<DecisionEngine> engines, CancellationToken ct, SendTimeOptions? sendTime = null)
    {
        var perUser = new List<LoggedDecision>[inputs.Users.Count];
        var counts = new ReplayCounts[inputs.Users.Count];
        var messages = inputs.Catalog.Messages.ToDictionary(m => m.Id, StringComparer.Ordinal);

        // Users are independent; each lands in its own slot, so the output order never depends on the threads.
        Parallel.For(0, inputs.Users.Count, new ParallelOptions { CancellationToken = ct }, u =>
        {
            var decisions = new List<LoggedDecision>();
            counts[u] = ReplayUser(inputs.Users[u], inputs.Catalog, messages, period, engines, sendTime, decisions);
            perUser[u] = decisions;
        });

        return new ReplayResult([.. perUser.SelectMany(d => d)], counts.Aggregate(default(ReplayCounts), (a, b) => a + b));
    }

    private static ReplayCounts ReplayUser(
        UserHistory user, MessageCatalog catalog, Dictionary<string, MessageDefinition> messages, EvaluationPeriod period,
        IReadOnlyList<DecisionEngine> engines, SendTimeOptions? sendTime, List<LoggedDecision> output)
    {
        var events = user.Events;
        var logged = new List<int>();
        var counts = default(ReplayCounts);
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend)
            {
                if (events[i].MessageId is { } id && messages.ContainsKey(id))
                {
                    logged.Add(i);
                }
                else if (period.Contains(events[i].Timestamp))
                {
                    counts += new ReplayCounts(0, 1, 0);
                }
            }
        }

        // Replayed in the order they were decided, each with what was known then: a scheduled send was decided before
        // its own timestamp, and from its decision on the logging policy held it as pending.
        var knownAt = DecisionInstants.KnownAt(events);
        var applyOrder = DecisionInstants.InKnownOrder(knownAt);

        // Positions in `logged` (itself in log order), ordered the same way: ties keep log order, whatever the threads.
        var replayOrder = DecisionInstants.InKnownOrder([.. logged.Select(i => knownAt[i])]);

        var state = new UserState();
        var applied = 0;
        foreach (var k in replayOrder)
        {
            var i = logged[k];
            var e = events[i];
            if (!period.Contains(e.Timestamp))
            {
                continue;
            }

            var decidedAt = new DateTime(knownAt[i], DateTimeKind.Utc);
            for (; applied < applyOrder.Length && knownAt[applyOrder[applied]] < knownAt[i]; applied++)
            {
                state.Apply(events[applyOrder[applied]]);
            }

            var message = messages[e.MessageId!];
            var sent = e.EventType == EventTypes.MessageSent;
            var goal = AttributedRewards.Goal(events, i, message, Next(events, logged, k, j => messages[events[j].MessageId!].GoalEvent == message.GoalEvent));
            var unsubscribe = sent
                ? AttributedRewards.Unsubscribe(events, i, catalog.Policy.FatigueWindowHours, Next(events, logged, k, j => events[j].EventType == EventTypes.MessageSent))
                : 0;
            var decisionId = EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId);
            var propensity = LoggingPropensity(e);

            var policies = new PolicyReplay[engines.Count];
            for (var p = 0; p < engines.Count; p++)
            {
                var request = new DecisionRequest
                {
                    // Without a logged id the event id keys the draw: still one fixed draw per decision.
                    DecisionId = decisionId ?? e.EventId,
                    UserId = user.UserId,
                    State = state,
                    Profile = user.Profile,
                    Catalog = catalog,
                    AsOf = decidedAt,
                    SendTime = sendTime,
                };
                var decision = engines[p].Decide(request);
                var timing = sendTime is not null && sent ? TimingRatio(engines[p], request, decision, e, message, decidedAt) : 1;
                policies[p] = new PolicyReplay(decision, LoggedProbabilities(engines[p].Scorer, decision, state, user, message, decidedAt), timing);
            }

            output.Add(new LoggedDecision(
                user.UserId, decisionId ?? e.EventId, decidedAt, sent ? message.Id : Decision.NoSendAction, message.Id, propensity,
                goal, goal * message.Value, unsubscribe, policies));
            var undated = sent && DecisionInstants.DecidedAt(e) is null && EventPropertyReader.GetString(e.Properties, EventProperties.SendAt) is not null;
            counts += new ReplayCounts(1, 0, decisionId is null ? 1 : 0, undated ? 1 : 0);
        }

        return counts;
    }

    /// <summary>
    /// The probability with which the logging policy chose the logged message: the event's <c>propensity</c> (over
    /// messages and "send nothing"). Null when the event carries none.
    /// </summary>
    /// <remarks>
    /// A send that a look-ahead decision scheduled was drawn in two steps, its message with <c>propensity</c>, then its
    /// instant and channel with <c>send_time_propensity</c> given the message. The replayed policies choose messages
    /// (they decide "now only"): each is evaluated as choosing the message and leaving its instant and channel to the
    /// logging policy's rule, so its probability of the logged (message, instant, channel) is π(message) ×
    /// send_time_propensity, and the weight π / (propensity × send_time_propensity) is π / propensity: the timing's
    /// probability cancels. Weighing by the joint propensity instead would count each scheduled send as if the target
    /// had chosen that very instant and channel with the message's whole probability, and overstate its value by
    /// 1 / send_time_propensity (on a log whose timing is drawn uniformly from n pairs, n times).
    /// </remarks>
    internal static double? LoggingPropensity(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity);
    }

    /// <summary>
    /// π(the logged send's instant and channel | its message) under a look-ahead policy, over the logging policy's:
    /// the send's <c>send_at</c> (its decision's instant for a send decided "now") on the channel it went out on, and
    /// its <c>send_time_propensity</c> (1 for a send decided "now": its instant and channel were certain given the
    /// message, and likewise when the log does not say). A policy over pairs is then weighed by
    /// π(message) π(pair | message) / (p(message) p(pair | message)).
    /// </summary>
    internal static double TimingRatio(DecisionEngine engine, DecisionRequest request, Decision decision, UserEvent e, MessageDefinition message, DateTime decidedAt)
    {
        var sendAt = DecisionInstants.Instant(e, EventProperties.SendAt) ?? decidedAt;
        var channel = message.ChannelOfSend(EventPropertyReader.GetString(e.Properties, EventProperties.Channel));
        var logged = EventPropertyReader.GetDouble(e.Properties, EventProperties.SendTimePropensity) is { } q && q is > 0 and <= 1 ? q : 1;
        return engine.PairProbability(request, decision, message.Id, sendAt, channel) / logged;
    }

    /// <summary>The instant of the next logged decision after the k-th that <paramref name="matches"/>; null when none.</summary>
    private static DateTime? Next(Core.Events.UserEvent[] events, List<int> logged, int k, Func<int, bool> matches)
    {
        for (var n = k + 1; n < logged.Count; n++)
        {
            if (matches(logged[n]))
            {
                return events[logged[n]].Timestamp;
            }
        }

        return null;
    }

    /// <summary>The engine already scored the logged message when it was eligible; a suppressed one is scored here.</summary>
    private static CandidateProbabilities LoggedProbabilities(
        ICandidateScorer scorer, Decision decision, UserState state, UserHistory user, MessageDefinition message, DateTime at)
    {
        foreach (var s in decision.Scores)
        {
            if (s.MessageId == message.Id)
            {
                return new CandidateProbabilities(s.PGoalSend, s.PGoalNoSend, s.PUnsubscribe);
            }
        }

        return scorer.Score(state, user.Profile, message, at);
    }
}

/// <summary>The replayed decisions in user then time order, and what was left out.</summary>
internal sealed record ReplayResult(IReadOnlyList<LoggedDecision> Decisions, ReplayCounts Counts);

/// <param name="Decisions">Logged decisions replayed.</param>
/// <param name="UnknownMessages">Logged decisions in the period left out because their message is not in the catalog.</param>
/// <param name="WithoutDecisionId">Replayed decisions whose event carries no <c>decision_id</c> (the event id keyed the draw).</param>
/// <param name="ScheduledWithoutDecidedAt">
/// Replayed scheduled sends (a <c>send_at</c>) without a usable <c>decided_at</c>: replayed at their send, their decision's
/// instant unknown.
/// </param>
internal readonly record struct ReplayCounts(long Decisions, long UnknownMessages, long WithoutDecisionId, long ScheduledWithoutDecidedAt = 0)
{
    public static ReplayCounts operator +(ReplayCounts a, ReplayCounts b) =>
        new(a.Decisions + b.Decisions, a.UnknownMessages + b.UnknownMessages, a.WithoutDecisionId + b.WithoutDecisionId,
            a.ScheduledWithoutDecidedAt + b.ScheduledWithoutDecidedAt);
}
