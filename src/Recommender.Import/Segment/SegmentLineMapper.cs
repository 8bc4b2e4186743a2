using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Data.Events;
using Recommender.Import.Output;
using Recommender.Import.Text;

namespace Recommender.Import.Segment;

/// <summary>
/// Maps one Segment call to the contract. <c>track</c>: the event name (through the mapping, the e-mail spec's
/// events to the reserved message types) is the <c>event_type</c>, <c>messageId</c> the <c>event_id</c>,
/// <c>userId</c> (else <c>anonymousId</c>) the <c>user_id</c>, <c>timestamp</c> (else <c>originalTimestamp</c>) the
/// instant, <c>properties</c> kept as its JSON, a campaign property the <c>message_id</c> of message events, revenue
/// the <c>value</c>. <c>page</c>: <c>page_viewed</c> or a page rule's type; <c>screen</c>: <c>screen_viewed</c>.
/// <c>identify</c>: a profile row dated by its instant. Anything the contract would reject leaves the line out with
/// its reason; nothing is dropped silently.
/// </summary>
internal sealed class SegmentLineMapper
{
    private static readonly DateTime MinTimestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxTimestamp = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly SegmentMapping _mapping;
    private readonly ImportOutput _output;
    private readonly SegmentCallReader _reader;
    private readonly TraitReader _traits;
    private readonly SegmentCall _call = new();
    private readonly HashSet<string> _skip;
    private readonly Dictionary<string, (string Type, FieldCounter Counter)> _types = new(StringComparer.Ordinal);
    private readonly byte[][] _valueNames;
    private readonly byte[][] _messageNames;
    private readonly byte[] _ticketName;
    private readonly PropertyNames _propertyNames;
    private readonly List<string> _problems = [];
    private readonly string _messageIdField;
    private readonly FieldCounter _track, _identify, _page, _screen, _group, _alias, _skipped;
    private readonly FieldCounter _messageId, _derivedId, _userId, _anonymousId, _timestamp, _originalTimestamp, _properties, _value;
    private readonly FieldCounter _message, _ticket, _assumedUtc;

    public SegmentLineMapper(SegmentMapping mapping, ImportOutput output)
    {
        _mapping = mapping;
        _output = output;
        var f = output.Fields;
        _reader = new SegmentCallReader(f);
        _traits = new TraitReader(mapping, f);
        _skip = mapping.SkipEvents.ToHashSet(StringComparer.Ordinal);
        _valueNames = [.. mapping.ValueProperties.Select(Quoted)];
        _messageNames = [.. mapping.MessageIdProperties.Select(Quoted)];
        _ticketName = Quoted(mapping.TicketIdProperty);
        _propertyNames = new PropertyNames(mapping);
        _messageIdField = "properties." + string.Join(" or properties.", mapping.MessageIdProperties);
        _track = f.Counter("type track", "an event");
        _page = f.Counter("type page", "an event (page_viewed, or a page rule's type)");
        _screen = f.Counter("type screen", "an event (screen_viewed)");
        _identify = f.Counter("type identify", "a profile row dated by its timestamp");
        _group = f.Counter("type group", "ignored (describes an account, not a user's action)");
        _alias = f.Counter("type alias", "ignored (merges identities; ids are taken as they are)");
        _skipped = f.Counter("event (skip_events)", "left out by the mapping");
        _messageId = f.Counter("messageId", "event_id");
        _derivedId = f.Counter("(no messageId)", "event_id derived from the line's bytes");
        _userId = f.Counter("userId", "user_id");
        _anonymousId = f.Counter("anonymousId (no userId)", "user_id");
        _timestamp = f.Counter("timestamp", "timestamp");
        _originalTimestamp = f.Counter("originalTimestamp (no timestamp)", "timestamp");
        _assumedUtc = f.Counter("timestamp without a zone", "read as UTC (assume_utc)");
        _properties = f.Counter("properties", "properties (its JSON as it was)");
        _value = f.Counter("properties." + string.Join("|", mapping.ValueProperties), "value");
        _message = f.Counter("properties." + string.Join("|", mapping.MessageIdProperties), "message_id");
        _ticket = f.Counter("properties." + mapping.TicketIdProperty, "properties.ticket_id");
    }

    public void Map(ReadOnlySpan<byte> line, string file, int fileIndex, long lineNumber)
    {
        // Checked here, whole, as the CSV import checks its records: the JSON reader passes a string's bytes on without
        // decoding them, and the events table would hold U+FFFD where an export's Latin-1 bytes were.
        if (Utf8Text.Problem(line) is { } notUtf8)
        {
            _output.Issues.Drop(file, lineNumber, notUtf8);
            return;
        }

        if (_reader.Read(line, _call) is { } notACall)
        {
            _output.Issues.Drop(file, lineNumber, notACall);
            return;
        }

        string? eventType;
        switch (_call.Type)
        {
            case SegmentCallType.Track:
                if (_call.Event is null)
                {
                    _output.Issues.Drop(file, lineNumber, "no event: a track call needs its event name");
                    return;
                }

                if (_skip.Contains(_call.Event))
                {
                    _skipped.Add();
                    return;
                }

                eventType = TypeOf(_call.Event);
                _track.Add();
                break;
            case SegmentCallType.Page:
                eventType = null; // decided from the path below
                break;
            case SegmentCallType.Screen:
                eventType = "screen_viewed";
                break;
            case SegmentCallType.Identify:
                eventType = null;
                break;
            case SegmentCallType.Group:
                _group.Add();
                return;
            case SegmentCallType.Alias:
                _alias.Add();
                return;
            case SegmentCallType.Missing:
                _output.Issues.Drop(file, lineNumber, "no type: expected track, identify, page, screen, group or alias");
                return;
            default:
                _output.Issues.Drop(file, lineNumber, $"unknown type: expected track, identify, page, screen, group or alias, found \"{_call.TypeText}\"");
                return;
        }

        var userId = _call.UserId.IsPresent ? _call.UserId : _call.AnonymousId;
        if (!userId.IsPresent)
        {
            _output.Issues.Drop(file, lineNumber, "no user: neither userId nor anonymousId is a non-empty string");
            return;
        }

        if ((userId.IdProblem(_call.UserId.IsPresent ? "userId" : "anonymousId", line) ?? _call.MessageId.IdProblem("messageId", line)) is { } badId)
        {
            _output.Issues.Drop(file, lineNumber, badId);
            return;
        }

        var eventId = _call.MessageId;
        if (eventId.Bytes is { } idBytes)
        {
            // The duplicate check comes after the timestamp and the properties are read: its slot can be fetched meanwhile.
            _output.WillClaimId(line[idBytes]);
        }

        if (!eventId.IsPresent && !_mapping.DeriveMissingIds)
        {
            _output.Issues.Drop(file, lineNumber, "no messageId: every call needs one (or set derive_missing_ids in the mapping)");
            return;
        }

        if (Timestamp(line, file, lineNumber) is not { } at)
        {
            return;
        }

        (_call.UserId.IsPresent ? _userId : _anonymousId).Add();
        if (!eventId.IsPresent)
        {
            eventId = new CallText(null, DerivedId(line));
        }

        if (_call.Type == SegmentCallType.Identify)
        {
            Identify(line, userId.ToString(line)!, eventId.ToString(line)!, at, file, fileIndex, lineNumber);
            return;
        }

        Event(line, eventType, userId, eventId, at, file, fileIndex, lineNumber);
    }

    private void Event(ReadOnlySpan<byte> line, string? eventType, CallText userId, CallText eventId, DateTime at, string file, int fileIndex, long lineNumber)
    {
        var props = _call.Properties is { } range ? line[range] : default;
        if (_call.PropertiesOther is { } other)
        {
            _output.Issues.DropField(file, lineNumber, $"properties: expected an object, found a JSON {other.ToString().ToLowerInvariant()}");
        }

        var wantMessage = eventType is null ? false : EventTypes.RequireMessageId.Contains(eventType) || eventType is EventTypes.Unsubscribed or EventTypes.DecisionNoSend;
        var wantTicket = eventType is EventTypes.TicketOpened or EventTypes.TicketClosed;
        var wantPath = _call.Type == SegmentCallType.Page;
        var scan = default(PropertyScan);
        if (!props.IsEmpty && (wantPath || MentionsAny(props, _valueNames) || PropertyScan.Mentions(props, "\"propensity\""u8)
            || (wantMessage && MentionsAny(props, _messageNames)) || (wantTicket && PropertyScan.Mentions(props, _ticketName))))
        {
            scan = PropertyScan.Read(props, _propertyNames, wantMessage, wantTicket, wantPath);
        }

        if (scan.PropensityProblem is { } propensity)
        {
            _output.Issues.Drop(file, lineNumber, propensity);
            return;
        }

        if (_call.Type == SegmentCallType.Page)
        {
            eventType = PageType(scan.Path);
            _page.Add();
        }
        else if (_call.Type == SegmentCallType.Screen)
        {
            _screen.Add();
        }

        if (EventTypes.RequireMessageId.Contains(eventType!) && scan.MessageId is null)
        {
            _output.Issues.Drop(file, lineNumber,
                $"no message: a \"{_call.Event}\" ({eventType}) event needs its message in properties.{string.Join(" or properties.", _mapping.MessageIdProperties)}");
            return;
        }

        if (scan.MessageId is { } messageId && ImportedId.Problem(_messageIdField, messageId) is { } badMessage)
        {
            _output.Issues.Drop(file, lineNumber, badMessage);
            return;
        }

        // The properties' bytes go to the events table as they are, without a string of their own.
        var properties = props.IsEmpty ? default : EventText.FromUtf8(props);
        if (!props.IsEmpty)
        {
            _properties.Add();
            if (wantTicket && !scan.HasTicketId && scan.TicketId is { } ticket)
            {
                // The fold pairs a ticket's open and close by properties.ticket_id: copy the help desk's own id there.
                properties = WithTicketId(Encoding.UTF8.GetString(props), ticket);
                _ticket.Add();
            }
        }

        if (scan.MessageId is not null)
        {
            _message.Add();
        }

        if (scan.Value is not null)
        {
            _value.Add();
        }

        if (_output.AddEvent(eventId.In(line), userId.In(line), at, eventType!, scan.MessageId, scan.Value, properties, fileIndex, lineNumber))
        {
            (_call.MessageId.IsPresent ? _messageId : _derivedId).Add();
        }
    }

    private void Identify(ReadOnlySpan<byte> line, string userId, string eventId, DateTime at, string file, int fileIndex, long lineNumber)
    {
        if (_call.Traits is not { } range && _call.ContextTimezone is null)
        {
            _output.Issues.Drop(file, lineNumber, "no traits: an identify call without traits says nothing about the user");
            return;
        }

        // An identify is no event, but a repeated delivery of one is still a duplicate.
        if (!_output.ClaimId(eventId, fileIndex, lineNumber))
        {
            return;
        }

        _problems.Clear();
        var values = _traits.Read(_call.Traits is { } t ? line[t] : "{}"u8, _call.ContextTimezone, _problems);
        foreach (var problem in _problems)
        {
            _output.Issues.DropField(file, lineNumber, problem);
        }

        if (values.Count == 0)
        {
            return;
        }

        _identify.Add();
        (_call.MessageId.IsPresent ? _messageId : _derivedId).Add();
        _output.AddProfile(userId, at, values);
    }

    private DateTime? Timestamp(ReadOnlySpan<byte> line, string file, long lineNumber)
    {
        (Range Range, FieldCounter Counter, string Name)? source = _call.Timestamp is { } t ? (t, _timestamp, "timestamp")
            : _call.OriginalTimestamp is { } o ? (o, _originalTimestamp, "originalTimestamp")
            : null;
        if (source is not var (r, counter, name))
        {
            _output.Issues.Drop(file, lineNumber, "no timestamp: expected an ISO-8601 timestamp in timestamp or originalTimestamp");
            return null;
        }

        var text = line[r];
        var parsed = Instant.TryParse(text, out var at);
        if (parsed == InstantParse.NoZone && _mapping.AssumeUtc)
        {
            _assumedUtc.Add();
            parsed = InstantParse.Ok;
        }

        if (parsed != InstantParse.Ok)
        {
            var why = parsed == InstantParse.NoZone ? "a timestamp with a zone (Z or ±hh:mm; or set assume_utc in the mapping)" : "an ISO-8601 timestamp";
            _output.Issues.Drop(file, lineNumber, $"{name}: expected {why}, found \"{Encoding.UTF8.GetString(text)}\"");
            return null;
        }

        if (at < MinTimestamp || at >= MaxTimestamp)
        {
            _output.Issues.Drop(file, lineNumber, $"{name}: expected an instant between 2000-01-01 and 2100-01-01, found \"{Encoding.UTF8.GetString(text)}\"");
            return null;
        }

        counter.Add();
        return at;
    }

    private string TypeOf(string eventName)
    {
        if (!_types.TryGetValue(eventName, out var known))
        {
            var type = _mapping.EventTypeFor(eventName);
            known = (type, _output.Fields.Counter($"event \"{eventName}\"", "event_type " + type));
            _types.Add(eventName, known);
        }

        known.Counter.Add();
        return known.Type;
    }

    private string PageType(string? path)
    {
        if (path is not null)
        {
            foreach (var rule in _mapping.Pages)
            {
                if (path.StartsWith(rule.PathPrefix, StringComparison.Ordinal))
                {
                    return rule.EventType;
                }
            }
        }

        return "page_viewed";
    }

    private static bool MentionsAny(ReadOnlySpan<byte> json, byte[][] names)
    {
        foreach (var name in names)
        {
            if (PropertyScan.Mentions(json, name))
            {
                return true;
            }
        }

        return false;
    }

    private static string WithTicketId(string properties, string ticket)
    {
        var id = $"\"ticket_id\":{JsonSerializer.Serialize(ticket)}";
        var open = properties.IndexOf('{', StringComparison.Ordinal);
        var empty = properties.AsSpan(open + 1).Trim().StartsWith("}");
        return string.Concat(properties.AsSpan(0, open + 1), id, empty ? "" : ",", properties.AsSpan(open + 1));
    }

    private static string DerivedId(ReadOnlySpan<byte> line) => "seg-" + Convert.ToHexStringLower(XxHash128.Hash(line));

    private static byte[] Quoted(string name) => Encoding.UTF8.GetBytes($"\"{name}\"");
}
