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
    IReadOnlyList<LoggedSuppression> Suppressed)
{
    public bool IsSend => MessageId is not null;
}

/// <summary>One element of the <c>scores</c> column: an eligible candidate's probabilities and expected value.</summary>
public sealed record LoggedScore(
    string MessageId, int Tier, double PGoalSend, double PGoalNoSend, double Uplift, double PUnsubscribe, double Value, double ExpectedValue);

/// <summary>One element of the <c>suppressed</c> column: a candidate a hard rule removed.</summary>
public sealed record LoggedSuppression(string MessageId, string Rule, string? Detail);
