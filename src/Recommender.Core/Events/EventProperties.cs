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
}
