using System.Collections.Concurrent;
using Prometheus;
using Recommender.Decisioning;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// Product metrics next to prometheus-net's HTTP metrics: decisions by outcome and reason, suppressions by rule, events,
/// and the distribution of what was served (the sent message's P(goal | send), uplift and P(unsubscribe)), so that a
/// dashboard sees the live model's predictions move between two runs of <c>recommender monitor</c>.
/// </summary>
/// <remarks>
/// Every decision touches these, so the labelled children are looked up once per label value and kept (the reasons
/// and rules are a small fixed set), and no exemplars are recorded: each one reads the clock and takes a lock, and
/// the text format Prometheus scrapes here does not carry them.
/// </remarks>
public sealed class ApiMetrics
{
    private static readonly CounterConfiguration Plain = new() { ExemplarBehavior = ExemplarBehavior.NoExemplars() };

    private static readonly Counter Decisions = Metrics.CreateCounter(
        "recommender_decisions_total", "Decisions by outcome (send, no_send) and reason.", ["outcome", "reason"], Plain);

    private static readonly Counter Suppressions = Metrics.CreateCounter(
        "recommender_suppressions_total", "Candidates removed by a hard rule, by rule.", ["rule"], Plain);

    private static readonly Counter Events = Metrics.CreateCounter(
        "recommender_events_total", "Events received, by result (applied, duplicate, expired: older than the idempotency horizon, not applied).", ["result"], Plain);

    private static readonly Counter DecisionLogDropped = Metrics.CreateCounter(
        "recommender_decision_log_errors_total", "Decision log rows that could not be written.", Plain);

    private static readonly HistogramConfiguration Probability = new()
    {
        Buckets = Histogram.LinearBuckets(0.05, 0.05, 19),
        ExemplarBehavior = ExemplarBehavior.NoExemplars(),
    };

    private static readonly Histogram ServedGoal = Metrics.CreateHistogram(
        "recommender_served_p_goal", "P(goal | send) of each sent message, as the model scored it.", Probability);

    private static readonly Histogram ServedUplift = Metrics.CreateHistogram(
        "recommender_served_uplift", "Predicted uplift P(goal | send) - P(goal | no send) of each sent message.",
        new HistogramConfiguration { Buckets = [-0.1, -0.05, -0.02, 0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5], ExemplarBehavior = ExemplarBehavior.NoExemplars() });

    private static readonly Histogram ServedUnsubscribe = Metrics.CreateHistogram(
        "recommender_served_p_unsubscribe", "P(unsubscribe | send) of each sent message.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 10), ExemplarBehavior = ExemplarBehavior.NoExemplars() });

    private static readonly ConcurrentDictionary<(bool Send, string Reason), Counter.Child> DecisionChildren = new();
    private static readonly ConcurrentDictionary<string, Counter.Child> SuppressionChildren = new(StringComparer.Ordinal);

    public void Decided(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        DecisionChildren.GetOrAdd((decision.MessageId is not null, decision.Reason),
            static k => Decisions.WithLabels(k.Send ? "send" : "no_send", k.Reason)).Inc();
        foreach (var s in decision.Suppressed)
        {
            SuppressionChildren.GetOrAdd(s.Rule, static rule => Suppressions.WithLabels(rule)).Inc();
        }

        if (decision.MessageId is { } sent)
        {
            foreach (var score in decision.Scores)
            {
                if (score.MessageId == sent)
                {
                    ServedGoal.Observe(score.PGoalSend);
                    ServedUplift.Observe(score.Uplift);
                    ServedUnsubscribe.Observe(score.PUnsubscribe);
                    break;
                }
            }
        }
    }

    public void EventsIngested(int applied, int duplicates, int expired = 0)
    {
        Events.WithLabels("applied").Inc(applied);
        Events.WithLabels("duplicate").Inc(duplicates);
        Events.WithLabels("expired").Inc(expired);
    }

    public void DecisionLogFailed(int rows) => DecisionLogDropped.Inc(rows);
}
