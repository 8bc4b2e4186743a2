using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Training.Tests.Support;

/// <summary>
/// Logged decisions made from the synthetic world's own held-out decisions: what the API would have logged had it made
/// them (written in the API's schema with <see cref="Recommender.TestSupport.DecisionLogTestFile"/>).
/// </summary>
internal static class WorldDecisions
{
    /// <summary>
    /// The logged no-send decision behind a world's <c>decision_no_send</c> event: "send nothing" with the event's
    /// propensity, the held-out message as the best of two scored candidates (listed second, so that "best" is not "first").
    /// </summary>
    public static DecisionLogEntry FromWorld(UserEvent noSend, IReadOnlyList<string> catalogIds)
    {
        var decisionId = EventPropertyReader.GetString(noSend.Properties, EventProperties.DecisionId)!;
        var propensity = EventPropertyReader.GetDouble(noSend.Properties, EventProperties.Propensity)!.Value;
        var heldOut = noSend.MessageId!;
        var other = catalogIds.First(id => id != heldOut);
        return new DecisionLogEntry(
            decisionId, noSend.UserId, noSend.Timestamp, "email", null, "exploration_no_send", propensity, "world",
            new Dictionary<string, double>(StringComparer.Ordinal) { [heldOut] = 1 - propensity, [DecisionLogColumns.NoSendAction] = propensity },
            [new LoggedScore(other, 1, 0.2, 0.1, 0.1, 0.01, 5, 0.1), new LoggedScore(heldOut, 1, 0.4, 0.1, 0.3, 0.01, 5, 0.3)],
            [new LoggedSuppression("x", "cooldown", "sent 2 h ago")]);
    }
}
