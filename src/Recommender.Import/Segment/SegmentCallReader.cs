using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Recommender.Import.Output;

namespace Recommender.Import.Segment;

/// <summary>
/// Reads one JSON Lines line of a Segment export into a <see cref="SegmentCall"/> in a single pass of a
/// <see cref="Utf8JsonReader"/>: the fields the import uses are picked out, every other top-level field is counted
/// as ignored in the field report. Strings that repeat (types, event names) come from a cache, so a line costs the
/// allocations of what its event keeps.
/// </summary>
internal sealed class SegmentCallReader(FieldReport fields)
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldCounter> _ignored = new(StringComparer.Ordinal);
    private static readonly (byte[] Name, Member Member)[] Members =
    [
        ("type"u8.ToArray(), Member.Type), ("event"u8.ToArray(), Member.Event), ("userId"u8.ToArray(), Member.UserId),
        ("anonymousId"u8.ToArray(), Member.AnonymousId), ("messageId"u8.ToArray(), Member.MessageId), ("timestamp"u8.ToArray(), Member.Timestamp),
        ("originalTimestamp"u8.ToArray(), Member.OriginalTimestamp), ("properties"u8.ToArray(), Member.Properties),
        ("traits"u8.ToArray(), Member.Traits), ("context"u8.ToArray(), Member.Context),
    ];

    private readonly List<(byte[] Name, FieldCounter Counter)> _plainIgnored = [];
    private readonly char[] _chars = new char[256];

    /// <summary>Fills <paramref name="call"/> from <paramref name="line"/>; returns why the line is no call, or null.</summary>
    public string? Read(ReadOnlySpan<byte> line, SegmentCall call)
    {
        call.Clear();
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return reader.TokenType == JsonTokenType.None ? "an empty line: expected a JSON object" : $"a JSON {Kind(reader.TokenType)}: expected an object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ReadMember(ref reader, call);
            }

            if (reader.Read())
            {
                return "invalid JSON: more after the object's end";
            }
        }
        catch (JsonException e)
        {
            return "invalid JSON: " + FirstSentence(e.Message);
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            // A name or text that is not UTF-8, found when it is decoded (the reader does not check while tokenising):
            // the line is broken like any other, not the import.
            return "invalid JSON: " + FirstSentence(e.Message);
        }

        return null;
    }

    private void ReadMember(ref Utf8JsonReader r, SegmentCall call)
    {
        var member = MemberOf(ref r);
        if (member == Member.Type)
        {
            r.Read();
            call.Type = r.TokenType != JsonTokenType.String ? SegmentCallType.Unknown
                : r.ValueTextEquals("track"u8) ? SegmentCallType.Track
                : r.ValueTextEquals("identify"u8) ? SegmentCallType.Identify
                : r.ValueTextEquals("page"u8) ? SegmentCallType.Page
                : r.ValueTextEquals("screen"u8) ? SegmentCallType.Screen
                : r.ValueTextEquals("group"u8) ? SegmentCallType.Group
                : r.ValueTextEquals("alias"u8) ? SegmentCallType.Alias
                : SegmentCallType.Unknown;
            if (call.Type == SegmentCallType.Unknown)
            {
                call.TypeText = r.TokenType == JsonTokenType.String ? r.GetString() : $"a JSON {Kind(r.TokenType)}";
            }

            r.Skip();
        }
        else if (member == Member.Event)
        {
            r.Read();
            call.Event = r.TokenType == JsonTokenType.String ? Name(ref r) : null;
            r.Skip();
        }
        else if (member == Member.UserId)
        {
            r.Read();
            call.UserId = Id(ref r);
        }
        else if (member == Member.AnonymousId)
        {
            r.Read();
            call.AnonymousId = Id(ref r);
        }
        else if (member == Member.MessageId)
        {
            r.Read();
            call.MessageId = Id(ref r);
        }
        else if (member == Member.Timestamp)
        {
            r.Read();
            call.Timestamp = TimestampRange(ref r);
        }
        else if (member == Member.OriginalTimestamp)
        {
            r.Read();
            call.OriginalTimestamp = TimestampRange(ref r);
        }
        else if (member == Member.Properties)
        {
            r.Read();
            (call.Properties, call.PropertiesOther) = ObjectRange(ref r);
        }
        else if (member == Member.Traits)
        {
            r.Read();
            (call.Traits, _) = ObjectRange(ref r);
        }
        else if (member == Member.Context)
        {
            r.Read();
            call.ContextTimezone = ContextTimezone(ref r);
        }
        else
        {
            Ignored(ref r).Add();
            r.Read();
            r.Skip();
        }
    }

    /// <summary>
    /// Which member the reader is at. Every line names most of them, so a plain name is matched by its length and
    /// bytes at once; an escaped one (rare) goes through the reader's unescaping comparison.
    /// </summary>
    private static Member MemberOf(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped || r.HasValueSequence)
        {
            foreach (var (name, member) in Members)
            {
                if (r.ValueTextEquals(name))
                {
                    return member;
                }
            }

            return Member.Other;
        }

        var span = r.ValueSpan;
        return span.Length switch
        {
            4 when span.SequenceEqual("type"u8) => Member.Type,
            5 when span.SequenceEqual("event"u8) => Member.Event,
            6 when span.SequenceEqual("userId"u8) => Member.UserId,
            6 when span.SequenceEqual("traits"u8) => Member.Traits,
            7 when span.SequenceEqual("context"u8) => Member.Context,
            9 when span.SequenceEqual("messageId"u8) => Member.MessageId,
            9 when span.SequenceEqual("timestamp"u8) => Member.Timestamp,
            10 when span.SequenceEqual("properties"u8) => Member.Properties,
            11 when span.SequenceEqual("anonymousId"u8) => Member.AnonymousId,
            17 when span.SequenceEqual("originalTimestamp"u8) => Member.OriginalTimestamp,
            _ => Member.Other,
        };
    }

    /// <summary>
    /// An id: a string, or a number's digits (some sources write numeric user ids); absent for anything else and for
    /// blank text. Written plainly, its bytes stay in the line; escaped, or not valid UTF-8 (which the string decoding
    /// rejects, as it always did), it is decoded.
    /// </summary>
    private static CallText Id(ref Utf8JsonReader r)
    {
        var id = default(CallText);
        if (r.TokenType is JsonTokenType.Number || (r.TokenType is JsonTokenType.String && !r.ValueIsEscaped && !r.HasValueSequence))
        {
            var bytes = r.ValueSpan;
            if (bytes.IndexOfAnyInRange((byte)'!', (byte)'~') >= 0 && Utf8.IsValid(bytes))
            {
                // A visible ASCII character: not blank, whatever else the id holds.
                var start = (int)r.TokenStartIndex + (r.TokenType is JsonTokenType.String ? 1 : 0);
                id = new CallText(new Range(start, start + bytes.Length), null);
            }
            else
            {
                id = Text(r.TokenType is JsonTokenType.String ? r.GetString() : Encoding.UTF8.GetString(bytes));
            }
        }
        else if (r.TokenType is JsonTokenType.String)
        {
            id = Text(r.GetString());
        }

        r.Skip();
        return id;
    }

    private static CallText Text(string? text) => string.IsNullOrWhiteSpace(text) ? default : new CallText(null, text);

    /// <summary>
    /// A timestamp's text; a number (the epoch some exports write) as its digits, so that its line is left out saying
    /// what it found, not that it has no timestamp.
    /// </summary>
    private static Range? TimestampRange(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number ? new Range((int)r.TokenStartIndex, (int)r.TokenStartIndex + r.ValueSpan.Length) : StringRange(ref r);

    private static Range? StringRange(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped)
        {
            r.Skip();
            return null;
        }

        // The value's bytes sit between the quotes.
        var start = (int)r.TokenStartIndex + 1;
        return new Range(start, start + r.ValueSpan.Length);
    }

    private static (Range?, JsonValueKind?) ObjectRange(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            var other = r.TokenType switch
            {
                JsonTokenType.Null => (JsonValueKind?)null,
                JsonTokenType.StartArray => JsonValueKind.Array,
                JsonTokenType.String => JsonValueKind.String,
                JsonTokenType.Number => JsonValueKind.Number,
                _ => JsonValueKind.True,
            };
            r.Skip();
            return (null, other);
        }

        var start = (int)r.TokenStartIndex;
        r.Skip();
        return (new Range(start, (int)r.BytesConsumed), null);
    }

    private static string? ContextTimezone(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }

        string? timezone = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isTimezone = r.ValueTextEquals("timezone"u8);
            r.Read();
            if (isTimezone && r.TokenType == JsonTokenType.String)
            {
                timezone = r.GetString();
            }

            r.Skip();
        }

        return timezone;
    }

    /// <summary>A repeated string (an event name) from the cache; its first occurrence is allocated once.</summary>
    private string Name(ref Utf8JsonReader r)
    {
        if (r.HasValueSequence || r.ValueSpan.Length > _chars.Length)
        {
            return r.GetString()!;
        }

        var n = r.CopyString(_chars);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(_chars.AsSpan(0, n), out var name))
        {
            name = new string(_chars, 0, n);
            _names.Add(name, name);
        }

        return name;
    }

    private FieldCounter Ignored(ref Utf8JsonReader r)
    {
        // The few members every line repeats (sentAt, receivedAt, …) are found by their bytes without decoding them.
        var plain = !r.ValueIsEscaped && !r.HasValueSequence;
        if (plain)
        {
            foreach (var (bytes, known) in _plainIgnored)
            {
                if (r.ValueSpan.SequenceEqual(bytes))
                {
                    return known;
                }
            }
        }

        var counter = IgnoredByName(ref r);
        if (plain && _plainIgnored.Count < 16)
        {
            _plainIgnored.Add((r.ValueSpan.ToArray(), counter));
        }

        return counter;
    }

    private FieldCounter IgnoredByName(ref Utf8JsonReader r)
    {
        var n = r.ValueSpan.Length <= _chars.Length && !r.HasValueSequence ? r.CopyString(_chars) : -1;
        var lookup = _ignored.GetAlternateLookup<ReadOnlySpan<char>>();
        if (n >= 0 && lookup.TryGetValue(_chars.AsSpan(0, n), out var counter))
        {
            return counter;
        }

        var name = n >= 0 ? new string(_chars, 0, n) : r.GetString()!;
        counter = fields.Counter(name, "ignored");
        _ignored[name] = counter;
        return counter;
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "list",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private enum Member
    {
        Other,
        Type,
        Event,
        UserId,
        AnonymousId,
        MessageId,
        Timestamp,
        OriginalTimestamp,
        Properties,
        Traits,
        Context,
    }
}
