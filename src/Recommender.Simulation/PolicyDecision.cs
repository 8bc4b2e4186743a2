namespace Recommender.Simulation;

/// <summary>
/// A policy's answer at one decision point.
/// <list type="bullet">
/// <item><see cref="MessageId"/> set: send it; <see cref="Propensity"/> is the probability the policy had of choosing it.</item>
/// <item><see cref="MessageId"/> null and <see cref="Logged"/>: a logged "send nothing" (control) decision with its
/// probability; <see cref="HeldOutMessageId"/> names the candidate held out, for uplift.</item>
/// <item><see cref="None"/>: nothing was decided and nothing is logged (no candidate).</item>
/// </list>
/// </summary>
public readonly record struct PolicyDecision(string? MessageId, double Propensity, string? HeldOutMessageId, bool Logged)
{
    public static PolicyDecision None => default;

    /// <summary>
    /// When to send, for a policy that schedules: an instant after the decision point, at which the world delivers the
    /// send (null or the decision point itself: now).
    /// </summary>
    public DateTime? SendAt { get; init; }

    /// <summary>The channel variant to send on (null: the message's own channel).</summary>
    public string? Channel { get; init; }

    /// <summary>
    /// For a policy that chose the instant and channel: their probability given the message, logged apart from
    /// <see cref="Propensity"/> (which stays over messages), as the API logs a scheduled send.
    /// </summary>
    public double? SendTimePropensity { get; init; }

    public static PolicyDecision Send(string messageId, double propensity) => new(messageId, propensity, null, true);

    public static PolicyDecision HoldOut(string? heldOutMessageId, double propensity) => new(null, propensity, heldOutMessageId, true);
}
