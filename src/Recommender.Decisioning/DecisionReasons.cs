namespace Recommender.Decisioning;

/// <summary>The values of <see cref="Decision.Reason"/>.</summary>
public static class DecisionReasons
{
    public const string BestExpectedValue = "best_expected_value";
    public const string Triggered = "triggered";
    public const string Exploration = "exploration";
    public const string NoEligibleCandidate = "no_eligible_candidate";
    public const string BelowThreshold = "below_threshold";
    public const string ExploredNoSend = "exploration_no_send";
    /// <summary>The message is the greedy one, its send instant or channel an exploring draw.</summary>
    public const string ExploredSendTime = "exploration_send_time";
    public const string StateUnavailable = "state_unavailable";
}
