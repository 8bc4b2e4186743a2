using Recommender.Core.Events;

namespace Recommender.Api.Stores;

/// <summary>
/// The idempotency key of an event. Usually its <c>event_id</c>; a <c>message_sent</c> carrying a
/// <c>decision_id</c> is keyed by the decision instead, so that the send the API recorded when it made the
/// decision and the caller's later report of the same send count once.
/// </summary>
public static class EventKeys
{
    private const string DecisionPrefix = "decision:";

    public static string Of(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.EventType == EventTypes.MessageSent
            && EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId) is { Length: > 0 } decisionId)
        {
            return ForDecision(decisionId);
        }

        return e.EventId;
    }

    public static string ForDecision(string decisionId) => DecisionPrefix + decisionId;
}
