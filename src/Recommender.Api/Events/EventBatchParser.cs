using System.Text.Json;
using Recommender.Api.Infrastructure;
using Recommender.Core.Events;

namespace Recommender.Api.Events;

/// <summary>
/// Reads a batch of events field by field rather than by deserialising, so that every bad row is reported with its
/// index, field, what was expected and what was found, all of them at once. Accepts a JSON array of events or an
/// object <c>{"events": [...]}</c>.
/// </summary>
internal static class EventBatchParser
{
    private static readonly HashSet<string> Known = ["event_id", "user_id", "timestamp", "event_type", "message_id", "value", "properties"];

    public static (List<UserEvent> Events, List<FieldIssue> Issues) Parse(JsonElement root, int maxBatchSize)
    {
        var events = new List<UserEvent>();
        var issues = new List<FieldIssue>();
        var array = root;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var inner))
        {
            array = inner;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new FieldIssue(null, "$", "a JSON array of events, or {\"events\": [...]}", Describe(array)));
            return (events, issues);
        }

        var count = array.GetArrayLength();
        if (count == 0 || count > maxBatchSize)
        {
            issues.Add(new FieldIssue(null, "events", $"between 1 and {maxBatchSize} events", $"{count} events"));
            return (events, issues);
        }

        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            if (ParseRow(row, index, issues) is { } e)
            {
                events.Add(e);
            }

            index++;
        }

        return (events, issues);
    }

    private static UserEvent? ParseRow(JsonElement row, int index, List<FieldIssue> issues)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new FieldIssue(index, "$", "an event object", Describe(row)));
            return null;
        }

        var before = issues.Count;
        foreach (var property in row.EnumerateObject())
        {
            if (!Known.Contains(property.Name))
            {
                issues.Add(new FieldIssue(index, property.Name, "one of " + string.Join(", ", Known), "an unknown field"));
            }
        }

        var eventId = RequiredText(row, "event_id", index, issues);
        var userId = RequiredText(row, "user_id", index, issues);
        var eventType = RequiredText(row, "event_type", index, issues);
        var messageId = OptionalText(row, "message_id", index, issues);
        DateTime timestamp = default;
        var timestampText = OptionalText(row, "timestamp", index, issues);
        if (!Timestamps.TryParse(timestampText, out timestamp))
        {
            issues.Add(new FieldIssue(index, "timestamp", Timestamps.Expected, timestampText is null ? Describe(Get(row, "timestamp")) : Quote(timestampText)));
        }

        double? value = null;
        if (Get(row, "value") is { ValueKind: not JsonValueKind.Null } v)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d))
            {
                value = d;
            }
            else
            {
                issues.Add(new FieldIssue(index, "value", "a finite number or null", Describe(v)));
            }
        }

        string? properties = null;
        if (Get(row, "properties") is { ValueKind: not JsonValueKind.Null } p)
        {
            properties = PropertiesText(p);
            if (properties is null)
            {
                issues.Add(new FieldIssue(index, "properties", "a JSON object (or a string holding one)", Describe(p)));
            }
        }

        if (eventType is not null && EventTypes.RequireMessageId.Contains(eventType) && string.IsNullOrWhiteSpace(messageId))
        {
            issues.Add(new FieldIssue(index, "message_id", $"a message id on a \"{eventType}\" event", messageId is null ? "null" : Quote(messageId)));
        }

        if (issues.Count > before)
        {
            return null;
        }

        return new UserEvent(eventId!, userId!, timestamp, eventType!, string.IsNullOrEmpty(messageId) ? null : messageId, value, properties);
    }

    private static string? PropertiesText(JsonElement p)
    {
        if (p.ValueKind == JsonValueKind.Object)
        {
            return p.GetRawText();
        }

        if (p.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        // The Parquet column holds the object as a string; accept that form too, if it really is an object.
        var text = p.GetString()!;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? RequiredText(JsonElement row, string field, int index, List<FieldIssue> issues)
    {
        var element = Get(row, field);
        if (element is { ValueKind: JsonValueKind.String } s && !string.IsNullOrWhiteSpace(s.GetString()))
        {
            return s.GetString();
        }

        issues.Add(new FieldIssue(index, field, "a non-empty string", Describe(element)));
        return null;
    }

    private static string? OptionalText(JsonElement row, string field, int index, List<FieldIssue> issues)
    {
        var element = Get(row, field);
        switch (element)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } s:
                return s.GetString();
            default:
                if (field != "timestamp")
                {
                    issues.Add(new FieldIssue(index, field, "a string or null", Describe(element)));
                }

                return null;
        }
    }

    private static JsonElement? Get(JsonElement row, string field) => row.TryGetProperty(field, out var e) ? e : null;

    private static string Describe(JsonElement? element) => element switch
    {
        null => "nothing (field missing)",
        { ValueKind: JsonValueKind.String } s => Quote(s.GetString()!),
        { ValueKind: JsonValueKind.Null } => "null",
        { ValueKind: JsonValueKind.Object } => "an object",
        { ValueKind: JsonValueKind.Array } => "an array",
        { } e => e.GetRawText(),
    };

    private static string Quote(string text) => text.Length > 80 ? $"\"{text[..80]}…\"" : $"\"{text}\"";
}
