using System.Globalization;
using System.Text.Json;

namespace Recommender.Core.Events;

/// <summary>Names of the JSON properties the reserved event types may carry.</summary>
public static class EventProperties
{
    public const string DecisionId = "decision_id";
    public const string Propensity = "propensity";
    public const string Category = "category";
    public const string TicketId = "ticket_id";

    /// <summary>On a send the API recorded for a scheduled decision: the instant it was scheduled at.</summary>
    public const string SendAt = "send_at";

    /// <summary>On a send: the channel it goes out on (one of the message's offered channels).</summary>
    public const string Channel = "channel";

    /// <summary>On a scheduled send: P(its instant and channel | its message), see <c>Decision.SendTimePropensity</c>.</summary>
    public const string SendTimePropensity = "send_time_propensity";

    /// <summary>
    /// On a scheduled send: the instant of the decision that scheduled it (the event's own timestamp is the send's). An
    /// evaluation replays the decision there, with what was known then, not at the send.
    /// </summary>
    public const string DecidedAt = "decided_at";

    /// <summary>
    /// The properties of a logged decision's <c>message_sent</c> or <c>decision_no_send</c>:
    /// <c>{"decision_id":…,"propensity":…}</c>, the propensity as its shortest round-trip text. One writer for the
    /// synthetic world, the API's recorded sends and the decision log's control rows, so the three agree to the byte.
    /// </summary>
    public static string OfDecision(string decisionId, double propensity)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"{DecisionId}\":\"{JsonEncodedText.Encode(decisionId)}\",\"{Propensity}\":{propensity:R}}}");
    }

    /// <summary>
    /// The properties of a logged decision's <c>message_sent</c> that chose the channel too: those of
    /// <see cref="OfDecision"/> and the <c>channel</c> the send went out on.
    /// </summary>
    public static string OfDecisionOnChannel(string decisionId, double propensity, string channel)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        ArgumentNullException.ThrowIfNull(channel);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"{DecisionId}\":\"{JsonEncodedText.Encode(decisionId)}\",\"{Propensity}\":{propensity:R},\"{Channel}\":\"{JsonEncodedText.Encode(channel)}\"}}");
    }

    /// <summary>
    /// The properties of a send the API recorded for a scheduled decision: those of <see cref="OfDecision"/> and its
    /// <c>send_at</c> (ISO 8601, 100 ns), <c>channel</c>, <c>send_time_propensity</c> and <c>decided_at</c> (the
    /// decision's instant, ISO 8601, 100 ns).
    /// </summary>
    public static string OfScheduledDecision(
        string decisionId, double propensity, DateTime decidedAt, DateTime sendAt, string channel, double sendTimePropensity)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        ArgumentNullException.ThrowIfNull(channel);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"{DecisionId}\":\"{JsonEncodedText.Encode(decisionId)}\",\"{Propensity}\":{propensity:R},\"{SendAt}\":\"{sendAt:yyyy-MM-ddTHH:mm:ss.fffffffZ}\",\"{Channel}\":\"{JsonEncodedText.Encode(channel)}\",\"{SendTimePropensity}\":{sendTimePropensity:R},\"{DecidedAt}\":\"{decidedAt:yyyy-MM-ddTHH:mm:ss.fffffffZ}\"}}");
    }
}
