using Recommender.Data.DecisionLog;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>
/// The decisions of the decision log tests, as the engine logs them: sends and no-sends (written and read back with
/// <see cref="Recommender.TestSupport.DecisionLogTestFile"/>).
/// </summary>
internal static class LoggedDecisions
{
    /// <summary>A no-send decision as the engine logs it: "send nothing" with <paramref name="noSend"/>, the rest spread over the scored candidates.</summary>
    public static DecisionLogEntry NoSend(string decisionId, string userId, DateTime asOf, double noSend, params (string Id, double ExpectedValue)[] scored)
    {
        var distribution = new Dictionary<string, double>(StringComparer.Ordinal) { [DecisionLogColumns.NoSendAction] = noSend };
        foreach (var (id, _) in scored)
        {
            distribution[id] = (1 - noSend) / scored.Length;
        }

        if (scored.Length == 0)
        {
            distribution[DecisionLogColumns.NoSendAction] = 1;
        }

        return new DecisionLogEntry(
            decisionId, userId, asOf, "email", null, scored.Length == 0 ? "no_eligible_candidate" : "below_threshold",
            distribution[DecisionLogColumns.NoSendAction], "test@1", distribution,
            [.. scored.Select(s => Score(s.Id, s.ExpectedValue))], []);
    }

    /// <summary>A decision that sends <paramref name="messageId"/> with probability <paramref name="propensity"/>.</summary>
    public static DecisionLogEntry Send(string decisionId, string userId, DateTime asOf, string messageId, double propensity = 0.95) =>
        new(decisionId, userId, asOf, "email", messageId, "best_expected_value", propensity, "test@1",
            new Dictionary<string, double>(StringComparer.Ordinal) { [messageId] = propensity, [DecisionLogColumns.NoSendAction] = 1 - propensity },
            [Score(messageId, 1.5)], [new LoggedSuppression("tips", "cooldown", "sent 2 h ago")]);

    public static LoggedScore Score(string messageId, double expectedValue) =>
        new(messageId, 1, 0.4, 0.3, 0.1, 0.01, 10, expectedValue);
}
