using System.Text.Json;
using Recommender.Api.Infrastructure;
using Recommender.Core;
using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Api.Events;

/// <summary>
/// Reads a batch of events field by field rather than by deserialising, so that every bad row is reported with its
/// index, field, what was expected and what was found, all of them at once. Accepts a JSON array of events or an
/// object <c>{"events": [...]}</c>.
/// </summary>
/// <remarks>
/// Nothing a caller sends is trusted to be readable: a name or string that is not valid Unicode, an id longer than
/// <see cref="InputLimits.MaxIdLength"/>, a timestamp beyond the allowed skew or properties too large are each a row
/// problem (400), never an exception further in.
/// </remarks>
internal static class EventBatchParser
{
    private static readonly HashSet<string> Known = ["event_id", "user_id", "timestamp", "event_type", "message_id", "value", "properties"];

    public static (List<UserEvent> Events, List<FieldIssue> Issues) Parse(JsonElement root, int maxBatchSize, InputLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var events = new List<UserEvent>();
        var issues = new List<FieldIssue>();
        var array = root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            // Looking a name up reads every name of the object: check them as text first (and that none is repeated).
            var found = false;
            foreach (var property in root.EnumerateObject())
            {
                if (!JsonText.TryGetName(property, out var name))
                {
                    issues.Add(new FieldIssue(null, "$", "field names in valid Unicode", JsonText.InvalidUnicode));
                    return (events, issues);
                }

                if (name == "events")
                {
                    if (found)
                    {
                        issues.Add(new FieldIssue(null, "events", "one \"events\" field", "the field given twice"));
                        return (events, issues);
                    }

                    array = property.Value;
                    found = true;
                }
            }
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

        var row = new RowReader(limits, now, issues);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (row.Read(element, index) is { } e)
            {
                events.Add(e);
            }

            index++;
        }

        return (events, issues);
    }

    private sealed class RowReader(InputLimits limits, DateTimeOffset now, List<FieldIssue> issues)
    {
        private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
        private int _index;

        public UserEvent? Read(JsonElement row, int index)
        {
            _index = index;
            if (row.ValueKind != JsonValueKind.Object)
            {
                Issue("$", "an event object", Describe(row));
                return null;
            }

            var before = issues.Count;
            _fields.Clear();
            var position = 0;
            foreach (var property in row.EnumerateObject())
            {
                if (!JsonText.TryGetName(property, out var name))
                {
                    Issue($"(field {position})", "a field name in valid Unicode", JsonText.InvalidUnicode);
                }
                else if (_fields.ContainsKey(name!))
                {
                    Issue(name!, "each field once", "the field given twice (Duplicate)");
                }
                else if (!Known.Contains(name!))
                {
                    Issue(Shown(name!), "one of " + string.Join(", ", Known), "an unknown field");
                }
                else
                {
                    _fields[name!] = property.Value;
                }

                position++;
            }

            var eventId = RequiredId("event_id");
            var userId = RequiredId("user_id");
            var eventType = RequiredId("event_type");
            var issuesBeforeMessageId = issues.Count;
            var messageId = OptionalText("message_id", limits.MaxIdLength);
            var messageIdReported = issues.Count > issuesBeforeMessageId;
            var timestamp = Timestamp();
            var value = Value();
            var properties = Properties(eventType);

            if (eventType is not null && !messageIdReported && EventTypes.RequireMessageId.Contains(eventType) && string.IsNullOrWhiteSpace(messageId))
            {
                Issue("message_id", $"a message id on a \"{eventType}\" event", messageId is null ? "null" : JsonText.Quote(messageId));
            }

            if (eventType == EventTypes.SendScheduled)
            {
                // The state's own mark of a scheduled send (UserState.MarkScheduled): a caller's would hold back "now only" decisions.
                Issue("event_type", "an event type other than \"send_scheduled\" (kept by the API for its scheduled sends)", JsonText.Quote(eventType));
            }

            if (issues.Count > before)
            {
                return null;
            }

            return new UserEvent(eventId!, userId!, timestamp, eventType!, string.IsNullOrEmpty(messageId) ? null : messageId, value, properties);
        }

        private string? RequiredId(string field)
        {
            var element = Get(field);
            if (element is not { ValueKind: JsonValueKind.String } s)
            {
                Issue(field, "a non-empty string", Describe(element));
                return null;
            }

            if (!JsonText.TryGetString(s, out var text))
            {
                Issue(field, "a non-empty string in valid Unicode", JsonText.InvalidUnicode);
                return null;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                Issue(field, "a non-empty string", JsonText.Quote(text ?? ""));
                return null;
            }

            if (text.Length > limits.MaxIdLength)
            {
                Issue(field, $"at most {limits.MaxIdLength} characters (Limits:MaxIdLength)", $"{text.Length} characters");
                return null;
            }

            if (IdText.Problem(text) is { } malformed)
            {
                Issue(field, IdText.Expected, malformed);
                return null;
            }

            return text;
        }

        /// <returns>The text, or null when absent, null or bad (a bad one is reported).</returns>
        private string? OptionalText(string field, int maxLength)
        {
            var element = Get(field);
            switch (element)
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    return null;
                case { ValueKind: JsonValueKind.String } s:
                    if (!JsonText.TryGetString(s, out var text))
                    {
                        Issue(field, "a string in valid Unicode", JsonText.InvalidUnicode);
                        return null;
                    }

                    if (text!.Length > maxLength)
                    {
                        Issue(field, $"at most {maxLength} characters", $"{text.Length} characters");
                        return null;
                    }

                    if (IdText.Problem(text) is { } malformed)
                    {
                        Issue(field, IdText.Expected, malformed);
                        return null;
                    }

                    return text;
                default:
                    Issue(field, "a string or null", Describe(element));
                    return null;
            }
        }

        private DateTime Timestamp()
        {
            var element = Get("timestamp");
            string? text = null;
            if (element is { ValueKind: JsonValueKind.String } s && !JsonText.TryGetString(s, out text))
            {
                Issue("timestamp", Timestamps.Expected, JsonText.InvalidUnicode);
                return default;
            }

            if (!Timestamps.TryParse(text, out var timestamp))
            {
                Issue("timestamp", Timestamps.Expected, text is null ? Describe(element) : JsonText.Quote(text));
            }
            else if (timestamp > limits.Latest(now))
            {
                Issue("timestamp", limits.LatestExpected(now), JsonText.Quote(text!));
            }

            return timestamp;
        }

        private double? Value()
        {
            if (Get("value") is not { ValueKind: not JsonValueKind.Null } v)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d))
            {
                return d;
            }

            Issue("value", "a finite number or null", Describe(v));
            return null;
        }

        private string? Properties(string? eventType)
        {
            if (Get("properties") is not { ValueKind: not JsonValueKind.Null } p)
            {
                return null;
            }

            const string expected = "a JSON object (or a string holding one)";
            string? text;
            JsonElement obj;
            JsonDocument? parsed = null;
            try
            {
                if (p.ValueKind == JsonValueKind.Object)
                {
                    obj = p;
                    text = p.GetRawText();
                }
                else if (p.ValueKind == JsonValueKind.String)
                {
                    // The Parquet column holds the object as a string; accept that form too, if it really is an object.
                    if (!JsonText.TryGetString(p, out text))
                    {
                        Issue("properties", expected + " in valid Unicode", JsonText.InvalidUnicode);
                        return null;
                    }

                    if (text!.Length > limits.MaxPropertiesLength)
                    {
                        Issue("properties", $"at most {limits.MaxPropertiesLength} characters of JSON (Limits:MaxPropertiesLength)", $"{text.Length} characters");
                        return null;
                    }

                    try
                    {
                        parsed = JsonDocument.Parse(text);
                    }
                    catch (JsonException e)
                    {
                        Issue("properties", expected, $"a string that is not a JSON object ({e.Message})");
                        return null;
                    }

                    obj = parsed.RootElement;
                }
                else
                {
                    Issue("properties", expected, Describe(p));
                    return null;
                }

                if (obj.ValueKind != JsonValueKind.Object)
                {
                    Issue("properties", expected, Describe(obj));
                    return null;
                }

                if (text.Length > limits.MaxPropertiesLength)
                {
                    Issue("properties", $"at most {limits.MaxPropertiesLength} characters of JSON (Limits:MaxPropertiesLength)", $"{text.Length} characters");
                    return null;
                }

                // The fold and the stores read names and strings out of the properties later; all must be text, each name once.
                if (JsonText.Problem(obj) is { } problem)
                {
                    Issue("properties", expected + " whose names (each once) and strings are valid Unicode", problem);
                    return null;
                }

                // What training's reader would refuse in the events table (a propensity outside (0, 1], a profile update
                // of the wrong kind or to an unknown zone) is refused here too: online and offline must read the same events.
                var broken = EventPropertyRules.Check(eventType, obj);
                foreach (var (expectedValue, found) in broken)
                {
                    Issue("properties", expectedValue, found);
                }

                return broken.Count == 0 ? text : null;
            }
            finally
            {
                parsed?.Dispose();
            }
        }

        private JsonElement? Get(string field) => _fields.TryGetValue(field, out var e) ? e : null;

        private void Issue(string field, string expected, string found) => issues.Add(new FieldIssue(_index, field, expected, found));

        private static string Shown(string name) => name.Length > 80 ? JsonText.Quote(name) : name;
    }

    private static string Describe(JsonElement? element) => element switch
    {
        null => "nothing (field missing)",
        { ValueKind: JsonValueKind.String } s => JsonText.TryGetString(s, out var text) ? JsonText.Quote(text!) : JsonText.InvalidUnicode,
        { ValueKind: JsonValueKind.Null } => "null",
        { ValueKind: JsonValueKind.Object } => "an object",
        { ValueKind: JsonValueKind.Array } => "an array",
        { } e => Short(e.GetRawText()),
    };

    private static string Short(string raw) => raw.Length > 80 ? raw[..80] + "…" : raw;
}
