using Recommender.Core.Events;

namespace Recommender.Api.Stores;

/// <summary>
/// The idempotency keys of events. An event's key is its <c>event_id</c>: an event posted again is applied once. The
/// send the API records when it decides is keyed by its decision and message (<see cref="ForDecision"/>), and the
/// caller's later <c>message_sent</c> reporting that send is recognised as the same send, once.
/// </summary>
/// <remarks>
/// <para>Why once, and only for the send the API recorded: a decision allows one send of one message. The first
/// <c>message_sent</c> carrying the decision's id and message is that send (the state has it already); it marks
/// <see cref="ReportOf"/> so that a second, different event claiming the same decision (another event id, or another
/// message) counts as a send of its own. Collapsing every event that names a decision into one would let a caller
/// (by mistake or not) report sends the caps never see; offline, every such event is a send, so online must agree.</para>
/// <para>Keys are per user; the stores keep them with the user's state.</para>
/// </remarks>
public static class EventKeys
{
    private const string DecisionPrefix = "decision:";
    private const string ReportPrefix = "reported:";

    /// <summary>The key an event is deduplicated by: its id.</summary>
    public static string Of(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.EventId;
    }

    /// <summary>The event id and key of the send the API records for a decision that chose <paramref name="messageId"/>.</summary>
    public static string ForDecision(string decisionId, string messageId) => DecisionPrefix + decisionId + ":" + messageId;

    /// <summary>
    /// For a caller's <c>message_sent</c> naming a decision: the key of the send the API would have recorded for it
    /// (present in the store when it did). Null for any other event, and for the API's recorded send itself.
    /// </summary>
    public static string? RecordedSendOf(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.EventType != EventTypes.MessageSent || e.MessageId is null
            || EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId) is not { Length: > 0 } decisionId)
        {
            return null;
        }

        var recorded = ForDecision(decisionId, e.MessageId);
        return string.Equals(e.EventId, recorded, StringComparison.Ordinal) ? null : recorded;
    }

    /// <summary>
    /// Whether <paramref name="e"/> is a send the API recorded for a scheduled decision (its id is the decision's key and
    /// it names the <c>send_at</c> it was scheduled at): the fold marks it scheduled until the caller reports it.
    /// </summary>
    public static bool IsScheduledSend(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.EventType == EventTypes.MessageSent && e.MessageId is { } messageId
            && e.EventId.StartsWith(DecisionPrefix, StringComparison.Ordinal)
            && EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId) is { Length: > 0 } decisionId
            && string.Equals(e.EventId, ForDecision(decisionId, messageId), StringComparison.Ordinal)
            && EventPropertyReader.GetString(e.Properties, EventProperties.SendAt) is not null;
    }

    /// <summary>Marks that a caller's report has been matched to the recorded send <paramref name="recordedKey"/>.</summary>
    public static string ReportOf(string recordedKey)
    {
        ArgumentNullException.ThrowIfNull(recordedKey);
        return ReportPrefix + recordedKey;
    }
}
