namespace Recommender.Data.DecisionLog;

/// <summary>
/// One logged decision, as <c>POST /v1/decisions</c> answered it: the chosen action, its probability, the whole
/// distribution over the actions, the score of every eligible candidate and why every other candidate was suppressed.
/// </summary>
/// <param name="AsOf">The instant decided for (UTC).</param>
/// <param name="MessageId">The message to send; null for "send nothing".</param>
/// <param name="Propensity">The probability with which the logged action was chosen.</param>
/// <param name="Distribution">Every action's probability: eligible message ids and <see cref="DecisionLogColumns.NoSendAction"/>.</param>
/// <param name="Scores">The eligible candidates, in the engine's order.</param>
/// <param name="SendAt">A scheduled send's instant; null for "now only", "send nothing" and logs without the column.</param>
/// <param name="SendChannel">A scheduled send's channel (the answer's <c>channel</c>); null likewise.</param>
/// <param name="SendTimePropensity">P(instant and channel | message) of a scheduled send; null likewise.</param>
public sealed record DecisionLogEntry(
    string DecisionId,
    string UserId,
    DateTime AsOf,
    string? Channel,
    string? MessageId,
    string Reason,
    double Propensity,
    string? ModelVersion,
    IReadOnlyDictionary<string, double> Distribution,
    IReadOnlyList<LoggedScore> Scores,
    IReadOnlyList<LoggedSuppression> Suppressed,
    DateTime? SendAt = null,
    string? SendChannel = null,
    double? SendTimePropensity = null)
{
    public bool IsSend => MessageId is not null;

    /// <summary>The probability of the logged action: <see cref="Propensity"/>, times <see cref="SendTimePropensity"/> for a scheduled send.</summary>
    public double JointPropensity => Propensity * (SendTimePropensity ?? 1);
}

/// <summary>One element of the <c>scores</c> column: an eligible candidate's probabilities and expected value.</summary>
public sealed record LoggedScore(
    string MessageId, int Tier, double PGoalSend, double PGoalNoSend, double Uplift, double PUnsubscribe, double Value, double ExpectedValue);

/// <summary>One element of the <c>suppressed</c> column: a candidate a hard rule removed.</summary>
public sealed record LoggedSuppression(string MessageId, string Rule, string? Detail);
