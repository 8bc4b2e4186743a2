using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>
/// Checks one events row against the contract and builds the event. Every problem of the row is
/// recorded, not only the first, so one run of <c>validate</c> shows everything to fix.
/// </summary>
internal sealed class EventRowValidator(EventReadOptions options, string file, IssueBuffer issues)
{
    private readonly string _timestampRange =
        $"a UTC timestamp between {Show.Date(options.MinTimestamp)} and {Show.Date(options.MaxTimestamp)}";

    /// <summary>The event, or null when the row breaks the contract (its issues are recorded).</summary>
    public UserEvent? Validate(
        long row, string? eventId, string? userId, DateTime? timestamp, string? eventType,
        string? messageId, double? value, string? properties)
    {
        var ok = RequireText(row, EventColumns.EventId, eventId);
        ok &= RequireText(row, EventColumns.UserId, userId);
        ok &= RequireText(row, EventColumns.EventType, eventType);
        ok &= CheckTimestamp(row, timestamp);
        ok &= CheckMessageId(row, eventType, messageId);
        ok &= CheckValue(row, value);
        ok &= properties is null || CheckProperties(row, eventType, properties);
        if (!ok)
        {
            return null;
        }

        // An empty optional id carries no information; pandas writes "" where it means null.
        var message = string.IsNullOrEmpty(messageId) ? null : messageId;
        return new UserEvent(eventId!, userId!, timestamp!.Value, eventType!, message, value, properties);
    }

    private bool RequireText(long row, string column, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        issues.Error(file, row, column, "a non-empty string", Show.Text(value));
        return false;
    }

    private bool CheckTimestamp(long row, DateTime? timestamp)
    {
        if (timestamp is { } t && t >= options.MinTimestamp && t < options.MaxTimestamp)
        {
            return true;
        }

        issues.Error(file, row, EventColumns.Timestamp, _timestampRange, timestamp is { } bad ? Show.Time(bad) : "null");
        return false;
    }

    private bool CheckMessageId(long row, string? eventType, string? messageId)
    {
        if (eventType is null || !EventTypes.RequireMessageId.Contains(eventType) || !string.IsNullOrWhiteSpace(messageId))
        {
            return true;
        }

        issues.Error(file, row, EventColumns.MessageId, $"a message id on a \"{eventType}\" event", Show.Text(messageId));
        return false;
    }

    private bool CheckValue(long row, double? value)
    {
        if (value is null || double.IsFinite(value.Value))
        {
            return true;
        }

        issues.Error(file, row, EventColumns.Value, "a finite number or null", Show.Number(value.Value));
        return false;
    }

    private bool CheckProperties(long row, string? eventType, string properties)
    {
        const string expected = "a JSON object or null";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(properties);
        }
        catch (JsonException e)
        {
            issues.Error(file, row, EventColumns.Properties, expected, $"invalid JSON {Show.Text(properties)} ({e.Message})");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                issues.Error(file, row, EventColumns.Properties, expected, $"a JSON {EventPropertyRules.KindName(root.ValueKind)}: {Show.Text(properties)}");
                return false;
            }

            var problems = EventPropertyRules.Check(eventType, root);
            foreach (var (expectedValue, found) in problems)
            {
                issues.Error(file, row, EventColumns.Properties, expectedValue, found);
            }

            return problems.Count == 0;
        }
    }
}
