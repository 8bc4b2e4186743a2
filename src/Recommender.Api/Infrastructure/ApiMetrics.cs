using Prometheus;
using Recommender.Decisioning;

namespace Recommender.Api.Infrastructure;

/// <summary>Product metrics next to prometheus-net's HTTP metrics: decisions by outcome and reason, suppressions by rule, events.</summary>
public sealed class ApiMetrics
{
    private static readonly Counter Decisions = Metrics.CreateCounter(
        "recommender_decisions_total", "Decisions by outcome (send, no_send) and reason.", "outcome", "reason");

    private static readonly Counter Suppressions = Metrics.CreateCounter(
        "recommender_suppressions_total", "Candidates removed by a hard rule, by rule.", "rule");

    private static readonly Counter Events = Metrics.CreateCounter(
        "recommender_events_total", "Events received, by result (applied, duplicate).", "result");

    private static readonly Counter DecisionLogDropped = Metrics.CreateCounter(
        "recommender_decision_log_errors_total", "Decision log rows that could not be written.");

    public void Decided(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Decisions.WithLabels(decision.MessageId is null ? "no_send" : "send", decision.Reason).Inc();
        foreach (var s in decision.Suppressed)
        {
            Suppressions.WithLabels(s.Rule).Inc();
        }
    }

    public void EventsIngested(int applied, int duplicates)
    {
        Events.WithLabels("applied").Inc(applied);
        Events.WithLabels("duplicate").Inc(duplicates);
    }

    public void DecisionLogFailed(int rows) => DecisionLogDropped.Inc(rows);
}
