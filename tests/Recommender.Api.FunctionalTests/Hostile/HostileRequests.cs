using System.Globalization;
using System.Text;
using System.Text.Json;
using Recommender.Core.Randomness;

namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// Generates hostile requests for every endpoint, seeded (the same seed gives the same requests): the categories of
/// issue #14 (future and odd instants, as_of games, hostile catalogs, invalid Unicode in values, names and raw bytes,
/// huge ids, wrong and missing keys, hostile bundle reloads, repeated keys, bad content types, deep nesting), and
/// random mutations of valid bodies (characters deleted, inserted, repeated; values swapped for extremes).
/// </summary>
public sealed class HostileRequests(ulong seed, string clientKey, string adminKey, IReadOnlyList<string> bundles, DateTime now)
{
    private static readonly string[] Users = [.. Enumerable.Range(1, 30).Select(i => $"u{i:D6}"), "fuzz-a", "fuzz-b"];
    private static readonly string[] EventTypes = ["project_created", "teammate_invited", "message_sent", "message_opened", "ticket_opened", "ticket_closed", "unsubscribed", "task_created"];
    private static readonly string[] Messages = ["welcome_tour", "invite_your_team", "upgrade_offer", "welcome", "tips", "nope"];

    private static readonly string[] Extremes =
    [
        "null", "true", "0", "-1", "1e400", "-1e400", "1e308", "4.9e-324", "9223372036854775808", "-0", "[]", "{}", "\"\"", "\" \"",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "[[[[[[[[[[]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":null}}}", "\"2099-12-31T23:00:00Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-13-45T99:99:99Z\"", "\"nan\"", "\"Infinity\"", "123456789012345678901234567890",
    ];

    private readonly DeterministicRandom _rng = DeterministicRandom.For(seed, "hostile");
    private int _n;

    public HostileRequest Next()
    {
        _n++;
        return _rng.NextInt(14) switch
        {
            0 => FutureOrOddInstant(),
            1 => AsOfGame(),
            2 => HostileCatalog(),
            3 => InvalidUnicode(),
            4 => RawInvalidUtf8(),
            5 => HugeId(),
            6 => WrongKey(),
            7 => BundleReload(),
            8 => RepeatedKeys(),
            9 => ContentTypeAndShape(),
            10 => UserQuery(),
            _ => Mutated(),
        };
    }

    private HostileRequest FutureOrOddInstant()
    {
        var instants = new[]
        {
            Iso(now.AddYears(73)), Iso(now.AddDays(2)), Iso(now.AddHours(23)), Iso(now.AddDays(-400)), "2000-01-01T00:00:00Z", "2099-12-31T23:00:00+14:00",
            "2026-03-02T12:00:00", "2026-03-02", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", Iso(now),
        };
        var at = Pick(instants);
        return _rng.NextInt(2) == 0
            ? Events("instant", [Event(timestamp: at)])
            : Json("instant", HttpMethod.Post, "/v1/decisions", $$"""{"user_id":"{{Pick(Users)}}","as_of":"{{at}}"}""");
    }

    private HostileRequest AsOfGame()
    {
        var user = Pick(Users);
        var asOf = now.AddMinutes(-_rng.NextInt(60 * 24 * 60)).AddSeconds(_rng.NextInt(60));
        var body = _rng.NextInt(3) == 0
            ? $$"""{"user_id":"{{user}}","as_of":"{{Iso(asOf)}}","channel":"{{Pick(["email", "push", "in_app", "sms"])}}"}"""
            : $$"""{"user_id":"{{user}}","as_of":"{{Iso(asOf)}}","candidates":["{{Pick(Messages)}}","{{Pick(Messages)}}"]}""";
        return Json("as_of", HttpMethod.Post, "/v1/decisions", body);
    }

    private HostileRequest HostileCatalog()
    {
        var bodies = new[]
        {
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g","eligibility":null}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g"}],"policy":{"support":null}}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g","value":1e400}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g","cooldown_hours":1e400}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g"}],"policy":{"min_gap_hours":1e400}}""",
            """{"messages":[null]}""", """{"messages":null}""", "null", "[]", """{"messages":[{}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g","trigger":{"event_type":"x","within_hours":1e300}}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g","max_sends":99999999999}]}""",
            """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g"}],"policy":{"overall":{"per_day":-1}}}""",
            """{"messages":[{"id":"m","id":"n","category":"marketing","channel":"email","goal_event":"g"}]}""",
        };
        var body = _rng.NextInt(4) == 0 ? Mutate(Pick(bodies)) : Pick(bodies);
        // Mostly with the admin key (what the catalog's validation must withstand), sometimes the client's (403).
        return Raw("catalog", HttpMethod.Put, "/v1/catalog", Encoding.UTF8.GetBytes(body), "application/json", _rng.NextInt(5) == 0 ? clientKey : adminKey);
    }

    private HostileRequest InvalidUnicode()
    {
        var bad = Pick(["\\ud800", "\\udc00", "\\ud83d", "x\\ud800y", "\\udfff\\ud800", "\\u0000"]);
        var field = Pick(["event_id", "user_id", "event_type", "message_id", "timestamp", "name", "property", "property_name", "decision"]);
        return field switch
        {
            "name" => Events("unicode", [Event().Replace("\"event_id\"", $"\"{bad}\":1,\"event_id\"", StringComparison.Ordinal)]),
            "property" => Events("unicode", [Event(properties: $$"""{"decision_id":"{{bad}}"}""")]),
            "property_name" => Events("unicode", [Event(properties: $$"""{"{{bad}}":"x"}""")]),
            "decision" => Json("unicode", HttpMethod.Post, "/v1/decisions", Pick([$$"""{"user_id":"{{bad}}"}""", $$"""{"{{bad}}":"u"}""", $$"""{"user_id":"u","channel":"{{bad}}"}"""])),
            _ => Events("unicode", [Event().Replace($"\"{field}\":\"", $"\"{field}\":\"{bad}", StringComparison.Ordinal)]),
        };
    }

    private HostileRequest RawInvalidUtf8()
    {
        var valid = _rng.NextInt(3) switch
        {
            0 => "[" + Event() + "]",
            1 => $$"""{"user_id":"{{Pick(Users)}}"}""",
            _ => """{"messages":[{"id":"m","category":"marketing","channel":"email","goal_event":"g"}]}""",
        };
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        var quotes = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'"').Select(x => x.i).ToList();
        var at = quotes[_rng.NextInt(quotes.Count)] + 1;
        byte[][] garbage = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];
        bytes.InsertRange(Math.Min(at, bytes.Count), garbage[_rng.NextInt(garbage.Length)]);
        var (path, method, key) = valid.StartsWith('[') ? ("/v1/events", HttpMethod.Post, clientKey)
            : valid.Contains("messages", StringComparison.Ordinal) ? ("/v1/catalog", HttpMethod.Put, adminKey) : ("/v1/decisions", HttpMethod.Post, clientKey);
        return Raw("utf8", method, path, [.. bytes], "application/json", key);
    }

    private HostileRequest HugeId()
    {
        // Mostly just over the limit; one in fifty a megabyte, as a hostile caller would send.
        var length = _rng.NextInt(50) == 0 ? 1_000_000 : 257 + _rng.NextInt(5_000);
        var huge = new string((char)('a' + _rng.NextInt(26)), length);
        return _rng.NextInt(5) switch
        {
            0 => Events("huge", [Event(user: huge)]),
            1 => Events("huge", [Event(id: huge)]),
            2 => Events("huge", [Event(type: huge)]),
            3 => Json("huge", HttpMethod.Post, "/v1/decisions", JsonSerializer.Serialize(new { user_id = huge })),
            _ => new HostileRequest("huge", HttpMethod.Get, "/v1/users/" + huge[..Math.Min(huge.Length, 6_000)], null, null, clientKey),
        };
    }

    private HostileRequest WrongKey()
    {
        var key = Pick<string?>([null, "", "wrong", clientKey + "x", clientKey.ToUpperInvariant(), new string('k', 5000), clientKey[..^1]]);
        var (method, path, body) = Pick([
            (HttpMethod.Post, "/v1/decisions", """{"user_id":"u1"}"""), (HttpMethod.Post, "/v1/events", "[" + Event() + "]"),
            (HttpMethod.Get, "/v1/users/u1", (string?)null), (HttpMethod.Put, "/v1/catalog", "{}"), (HttpMethod.Post, "/v1/models/reload", "{}"),
            (HttpMethod.Get, "/v1/models/active", null), (HttpMethod.Get, "/v1/catalog", null)]);
        // Admin endpoints with the client key: 403.
        if (_rng.NextInt(3) == 0 && path is "/v1/catalog" or "/v1/models/reload" && method != HttpMethod.Get)
        {
            key = clientKey;
        }

        return Raw("key", method, path, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json", key);
    }

    private HostileRequest BundleReload()
    {
        var path = Pick<string?>([.. bundles, "", "   ", "/", "/etc", "../../../../etc", "/nonexistent/bundle", "models/sample/manifest.json", null, "\u0000x", new string('p', 5000)]);
        var body = path is null ? Pick(["{}", "null", "", """{"path":null}""", """{"path":5}""", """{"path":"a","path":"b"}"""]) : JsonSerializer.Serialize(new { path });
        return Raw("bundle", HttpMethod.Post, "/v1/models/reload", Encoding.UTF8.GetBytes(body), "application/json", _rng.NextInt(6) == 0 ? clientKey : adminKey);
    }

    private HostileRequest RepeatedKeys() => _rng.NextInt(3) switch
    {
        0 => Events("repeat", [Event().Replace("\"user_id\":", "\"user_id\":\"x\",\"user_id\":", StringComparison.Ordinal)]),
        1 => Json("repeat", HttpMethod.Post, "/v1/decisions", """{"user_id":"a","as_of":null,"user_id":"b"}"""),
        _ => Json("repeat", HttpMethod.Post, "/v1/events", "{\"events\":[" + Event() + "],\"events\":[]}"),
    };

    private HostileRequest ContentTypeAndShape()
    {
        var (method, path) = Pick([(HttpMethod.Post, "/v1/events"), (HttpMethod.Post, "/v1/decisions"), (HttpMethod.Put, "/v1/catalog"), (HttpMethod.Post, "/v1/models/reload"),
            (HttpMethod.Delete, "/v1/catalog"), (HttpMethod.Patch, "/v1/decisions"), (HttpMethod.Get, "/v1/nothing"), (HttpMethod.Post, "/v1/users/u1")]);
        var body = _rng.NextInt(6) switch
        {
            0 => "",
            1 => new string('[', 200) + new string(']', 200),
            2 => "{\"user_id\":" + new string('[', 70) + new string(']', 70) + "}",
            3 => "not json at all",
            4 => "[" + string.Join(",", Enumerable.Repeat(Event(), 1_001)) + "]",
            _ => "{\"events\":" + new string('{', 10) + "}",
        };
        var type = Pick<string?>(["application/json", "text/plain", null, "application/json; charset=latin1", "multipart/form-data", "application/xml"]);
        var key = path.Contains("catalog", StringComparison.Ordinal) || path.Contains("reload", StringComparison.Ordinal) ? adminKey : clientKey;
        return Raw("shape", method, path, Encoding.UTF8.GetBytes(body), type, key);
    }

    private HostileRequest UserQuery()
    {
        var user = Pick([Pick(Users), "%ED%A0%80", "%FF%FE", "%00", "..%2F..%2Fetc", "a%20b", "%F0%9F%98%80", new string('z', 300)]);
        var query = Pick(["", "?as_of=" + Uri.EscapeDataString(Iso(now.AddDays(-_rng.NextInt(90)))), "?as_of=2099-01-01T00:00:00Z", "?as_of=%ED%A0%80", "?message_id=nope",
            "?message_id=" + new string('m', 300), "?as_of=&message_id=", "?as_of=" + Uri.EscapeDataString(Iso(now.AddHours(20)))]);
        return new HostileRequest("user", HttpMethod.Get, $"/v1/users/{user}{query}", null, null, clientKey);
    }

    private HostileRequest Mutated()
    {
        var (path, method, key, body) = _rng.NextInt(3) switch
        {
            0 => ("/v1/events", HttpMethod.Post, clientKey, "[" + string.Join(",", Enumerable.Range(0, 1 + _rng.NextInt(5)).Select(_ => Event())) + "]"),
            1 => ("/v1/decisions", HttpMethod.Post, clientKey, $$"""{"user_id":"{{Pick(Users)}}","channel":"email","candidates":["welcome_tour","upgrade_offer"],"as_of":"{{Iso(now.AddHours(-_rng.NextInt(48)))}}"}"""),
            _ => ("/v1/models/reload", HttpMethod.Post, adminKey, "{\"path\":null}"),
        };
        return Raw("mutation", method, path, Encoding.UTF8.GetBytes(Mutate(body)), "application/json", key);
    }

    /// <summary>One to four random edits of a JSON text.</summary>
    private string Mutate(string json)
    {
        var text = new StringBuilder(json);
        var edits = 1 + _rng.NextInt(4);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = _rng.NextInt(text.Length);
            switch (_rng.NextInt(6))
            {
                case 0:
                    text.Remove(at, Math.Min(1 + _rng.NextInt(8), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Pick(["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "0", "e", "-", " ", "null", "\u00e9", "\ud83d\ude00"]));
                    break;
                case 2:
                    var length = Math.Min(1 + _rng.NextInt(20), text.Length - at);
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 3:
                    // A value (after a colon) swapped for an extreme one.
                    var colon = text.ToString().IndexOf(':', at);
                    if (colon >= 0)
                    {
                        var end = colon + 1;
                        while (end < text.Length && text[end] != ',' && text[end] != '}' && text[end] != ']')
                        {
                            end++;
                        }

                        text.Remove(colon + 1, end - colon - 1).Insert(colon + 1, Pick(Extremes));
                    }

                    break;
                case 4:
                    text[at] = (char)(32 + _rng.NextInt(95));
                    break;
                default:
                    text.Insert(at, "\"k" + _n + "\":" + Pick(Extremes) + ",");
                    break;
            }
        }

        return text.ToString();
    }

    private string Event(string? id = null, string? user = null, string? type = null, string? timestamp = null, string? properties = null)
    {
        type ??= Pick(EventTypes);
        var message = type.StartsWith("message_", StringComparison.Ordinal) ? $",\"message_id\":\"{Pick(Messages)}\"" : "";
        var props = properties ?? (type == "message_sent" && _rng.NextInt(2) == 0 ? $$"""{"decision_id":"d{{_rng.NextInt(50)}}"}""" : null);
        var json = $$"""{"event_id":{{JsonSerializer.Serialize(id ?? $"f{seed}-{_n}-{_rng.NextInt(1_000_000)}")}},"user_id":{{JsonSerializer.Serialize(user ?? Pick(Users))}},"timestamp":"{{timestamp ?? Iso(now.AddMinutes(-_rng.NextInt(60 * 24 * 40)))}}","event_type":{{JsonSerializer.Serialize(type)}}{{message}}""";
        return json + (props is null ? "}" : ",\"properties\":" + props + "}");
    }

    private HostileRequest Events(string category, IEnumerable<string> rows) => Json(category, HttpMethod.Post, "/v1/events", "[" + string.Join(",", rows) + "]");

    private HostileRequest Json(string category, HttpMethod method, string path, string body) =>
        Raw(category, method, path, Encoding.UTF8.GetBytes(body), "application/json", clientKey);

    private static HostileRequest Raw(string category, HttpMethod method, string path, byte[]? body, string? type, string? key) => new(category, method, path, body, type, key);

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.NextInt(items.Count)];

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
