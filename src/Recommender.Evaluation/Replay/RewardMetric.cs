using Recommender.Decisioning;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// A quantity the policies are compared on, per logged decision: its observed reward and the reward model q̂ the
/// direct method and doubly robust use, built from the bundle's calibrated probabilities.
/// </summary>
internal sealed record RewardMetric(string Name, string Description, bool HigherIsBetter, Func<LoggedDecision, double> Reward, Func<ActionProbabilities, double> Model)
{
    /// <summary>Goals credited per decision; q̂ = P(goal | send m), or P(goal of the logged message | no send).</summary>
    public static RewardMetric Goals { get; } = new(
        "goals", "goals per decision", true, d => d.Goal, a => a.Goal);

    /// <summary>Value (the message's value × goal) per decision; q̂ = value × the calibrated goal probability.</summary>
    public static RewardMetric Value { get; } = new(
        "value", "value per decision (message value × goal)", true, d => d.Value, a => a.MessageValue * a.Goal);

    /// <summary>Unsubscribes and complaints per decision; q̂ = P(unsubscribe | send m), 0 for sending nothing.</summary>
    public static RewardMetric Unsubscribes { get; } = new(
        "unsubscribes", "unsubscribes or complaints per decision", false, d => d.Unsubscribe, a => a.Unsubscribe);

    public static IReadOnlyList<RewardMetric> All { get; } = [Goals, Value, Unsubscribes];
}

/// <summary>
/// The scorer's probabilities for one action at one decision. For "send nothing" they are those of the logged message
/// (sent or held out): the logging policy draws that message the same way whether it then sends or holds out, so its
/// P(goal | no send) is a fair one-draw estimate of what sending nothing earns there.
/// </summary>
internal readonly record struct ActionProbabilities(double Goal, double Unsubscribe, double MessageValue)
{
    public static ActionProbabilities NoSend(CandidateProbabilities logged, double loggedValue) => new(logged.PGoalNoSend, 0, loggedValue);

    public static ActionProbabilities Send(CandidateProbabilities p, double value) => new(p.PGoalSend, p.PUnsubscribe, value);
}
