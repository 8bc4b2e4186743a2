namespace Recommender.Api.Decisions;

/// <summary>Reasons the API adds to the decision engine's.</summary>
public static class ApiDecisionReasons
{
    /// <summary>Other writers kept changing the user between read and record: nothing is sent rather than risk a cap.</summary>
    public const string StateContention = "state_contention";

    /// <summary>
    /// The stored state cannot answer for the decision's instant (before the instants it keeps exactly, or bytes it
    /// cannot read): nothing is sent rather than deciding on rules it cannot check.
    /// </summary>
    public const string StateUnanswerable = "state_unanswerable";

    /// <summary>
    /// A "now only" decision while a send is scheduled at or after its instant: nothing is sent now (the rules cannot
    /// place a send before one already recorded, see <see cref="DecisionInstant"/>); <c>suppressed</c> names the scheduled
    /// message and its instant.
    /// </summary>
    public const string SendScheduled = "send_scheduled";

    /// <summary>
    /// The caller's <c>decision_id</c> already recorded a send of the chosen message for this user at another instant
    /// (<see cref="Stores.DecisionIdReusedException"/>): recording it again would be taken for that send and escape
    /// every cap, so nothing is sent; <c>suppressed</c> names the message and the earlier instant.
    /// </summary>
    public const string DecisionIdReused = "decision_id_reused";
}
