namespace Recommender.Decisioning;

/// <summary>
/// The answer: which message (or none) and why, with everything off-policy evaluation and an explanation
/// need: the full probability distribution over the actions, the chosen action's probability, the score of
/// every eligible candidate and the rule that removed every other one.
/// </summary>
public sealed record Decision
{
    /// <summary>The key of the "send nothing" action in <see cref="Distribution"/>.</summary>
    public const string NoSendAction = "(none)";

    public required string DecisionId { get; init; }

    public required string UserId { get; init; }

    public required DateTime AsOf { get; init; }

    /// <summary>The message to send, or null to send nothing.</summary>
    public string? MessageId { get; init; }

    /// <summary>Why: <c>best_expected_value</c>, <c>exploration</c>, <c>triggered</c>, <c>no_eligible_candidate</c>, <c>below_threshold</c>, …</summary>
    public required string Reason { get; init; }

    /// <summary>Probability with which this decision's action (message or nothing) was chosen.</summary>
    public required double Propensity { get; init; }

    /// <summary>Probability of every action: eligible message ids and <see cref="NoSendAction"/>.</summary>
    public required IReadOnlyDictionary<string, double> Distribution { get; init; }

    public string? ModelVersion { get; init; }

    /// <summary>
    /// When to send the message: an instant in the request's look-ahead. Null for a "now only" request (send at
    /// <see cref="AsOf"/>) and when nothing is sent.
    /// </summary>
    public DateTime? SendAt { get; init; }

    /// <summary>The channel to send the message on (one of its offered channels); null for a "now only" request and when nothing is sent.</summary>
    public string? Channel { get; init; }

    /// <summary>
    /// Probability with which this (send instant, channel) was chosen given the message; null when nothing was
    /// scheduled. The joint propensity of the logged action is <see cref="Propensity"/> × this.
    /// </summary>
    public double? SendTimePropensity { get; init; }

    /// <summary>Number of (instant, channel) pairs the chosen message was eligible at; what exploration spread over.</summary>
    public int? SendTimeChoices { get; init; }

    public required IReadOnlyList<CandidateScore> Scores { get; init; }

    public required IReadOnlyList<Suppression> Suppressed { get; init; }
}
