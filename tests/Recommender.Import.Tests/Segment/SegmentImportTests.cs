using System.IO.Compression;
using System.Text;
using Recommender.Core.Events;
using Recommender.Import.Output;
using Recommender.Import.Segment;
using Recommender.Import.Tests.Support;

namespace Recommender.Import.Tests.Segment;

/// <summary>
/// Segment-spec lines, good and hostile, through the real importer into a data folder read back with the contract's
/// readers: every line becomes what the mapping says, or is left out and listed with its file, line and reason.
/// </summary>
public sealed class SegmentImportTests : IDisposable
{
    private const string Good = """{"type":"track","event":"Project Created","userId":"u1","messageId":"m1","timestamp":"2026-03-01T10:00:00.000Z","properties":{"plan":"pro"},"context":{"ip":"1.2.3.4"},"sentAt":"2026-03-01T10:00:01Z"}""";

    private readonly TempFolder _temp = new();

    /// <summary>A line the contract cannot take, and the reason its issue must give.</summary>
    public static TheoryData<string, string, string> HostileLines => new()
    {
        { "truncated JSON", """{"type":"track","event":"x","userId":"u1",""", "invalid JSON" },
        { "a list, not an object", "[1,2,3]", "a JSON list: expected an object" },
        { "more after the object", Good + " {}", "invalid JSON" },
        { "no type", Good.Replace("\"type\":\"track\",", ""), "no type: expected track, identify, page, screen, group or alias" },
        { "unknown type", Good.Replace("\"track\"", "\"trak\""), "unknown type: expected track, identify, page, screen, group or alias, found \"trak\"" },
        { "track without event", Good.Replace("\"event\":\"Project Created\",", ""), "no event: a track call needs its event name" },
        { "no user", Good.Replace("\"userId\":\"u1\",", ""), "no user: neither userId nor anonymousId is a non-empty string" },
        { "blank user", Good.Replace("\"u1\"", "\"  \""), "no user" },
        { "no messageId", Good.Replace("\"messageId\":\"m1\",", ""), "no messageId: every call needs one" },
        { "no timestamp", Good.Replace("\"timestamp\":\"2026-03-01T10:00:00.000Z\",", ""), "no timestamp" },
        { "timestamp without zone", Good.Replace("10:00:00.000Z", "10:00:00.000"), "timestamp: expected a timestamp with a zone (Z or ±hh:mm; or set assume_utc in the mapping), found \"2026-03-01T10:00:00.000\"" },
        { "timestamp not a timestamp", Good.Replace("2026-03-01T10:00:00.000Z", "yesterday"), "timestamp: expected an ISO-8601 timestamp, found \"yesterday\"" },
        { "timestamp as an epoch number", Good.Replace("\"2026-03-01T10:00:00.000Z\"", "1772359200000"), "timestamp: expected an ISO-8601 timestamp, found \"1772359200000\"" },
        { "timestamp before 2000", Good.Replace("2026-03-01T10:00:00.000Z", "1999-12-31T23:59:59Z"), "between 2000-01-01 and 2100-01-01" },
        { "message event without its message", Good.Replace("Project Created", "Email Opened"), "no message: a \"Email Opened\" (message_opened) event needs its message in properties.campaign_id" },
        { "propensity above 1", Good.Replace("{\"plan\":\"pro\"}", "{\"propensity\":2}"), "properties.propensity: expected a number in (0, 1], found 2" },
        { "propensity as text", Good.Replace("{\"plan\":\"pro\"}", "{\"propensity\":\"0.5\"}"), "properties.propensity: expected a number in (0, 1], found \"0.5\"" },
        { "a trailing comma inside context", Good.Replace("{\"ip\":\"1.2.3.4\"}", "{\"ip\":\"1.2.3.4\",}"), "invalid JSON" },
        { "a broken number inside context", Good.Replace("\"1.2.3.4\"", "1.2.3"), "invalid JSON" },
        { "a bad escape inside context", Good.Replace("1.2.3.4", "1.2\\q"), "invalid JSON" },
        { "a control character inside context", Good.Replace("1.2.3.4", "1.2\t3"), "invalid JSON" },
        { "context left open", Good.Replace("{\"ip\":\"1.2.3.4\"}", "{\"ip\":{\"v\":4}"), "invalid JSON" },
        { "a missing colon inside context", Good.Replace("\"ip\":", "\"ip\" "), "invalid JSON" },
        { "identify without traits", """{"type":"identify","userId":"u1","messageId":"m9","timestamp":"2026-03-01T10:00:00Z"}""", "no traits" },
        { "a user id with an escaped NUL", Good.Replace("\"u1\"", "\"u\\u00001\""), $"userId: {NoControl}U+0000 at character 2" },
        { "a user id with a DEL byte", Good.Replace("\"u1\"", "\"u\u007F1\""), $"userId: {NoControl}U+007F at character 2" },
        { "a user id with a C1 control", Good.Replace("\"u1\"", "\"u1\u0085\""), $"userId: {NoControl}U+0085 at character 3" },
        { "an anonymous id with an escaped line break", Good.Replace("\"userId\":\"u1\"", "\"anonymousId\":\"a\\n1\""), $"anonymousId: {NoControl}U+000A at character 2" },
        { "a messageId with an escaped tab", Good.Replace("\"m1\"", "\"m\\t1\""), $"messageId: {NoControl}U+0009 at character 2" },
        {
            "a campaign id with a control character",
            Good.Replace("Project Created", "Email Opened").Replace("{\"plan\":\"pro\"}", "{\"campaign_id\":\"spring\\u0007\"}"),
            $"properties.campaign_id: {NoControl}U+0007 at character 7"
        },
        {
            "an identify whose user id holds a control character",
            """{"type":"identify","userId":"u\u001B1","messageId":"m9","timestamp":"2026-03-01T10:00:00Z","traits":{"plan":"pro"}}""",
            $"userId: {NoControl}U+001B at character 2"
        },
    };

    private const string NoControl = "expected an id of text without control characters (U+0000–U+001F, U+007F–U+009F), found ";

    /// <summary>A JSON array or pretty-printed export had every line left out, one by one, as "a JSON list" or "invalid JSON", and the import end with nothing and exit code 0.</summary>
    [Theory]
    [InlineData("[\n" + Good + ",\n" + Good + "\n]", "a JSON array: convert it first, e.g. jq -c '.[]'")]
    [InlineData("[" + Good + "]", "a JSON array: convert it first, e.g. jq -c '.[]'")]
    [InlineData("\n{\n  \"type\": \"track\"\n}", "an object spread over several lines: convert it first, e.g. jq -c .")]
    public async Task A_file_that_is_not_JSON_Lines_is_refused_naming_the_conversion(string text, string found)
    {
        var input = _temp.File("export.json");
        File.WriteAllText(input, text);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(input));

        Assert.StartsWith($"{input}: expected JSON Lines (one object per line), found {found}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileLines))]
    public async Task A_hostile_line_is_left_out_and_listed_with_file_line_and_reason(string name, string line, string reason)
    {
        var input = Write("in.jsonl", Good.Replace("m1", "m0"), line, Good.Replace("m1", "m2"));

        var summary = await ImportAsync(input);

        var issue = Assert.Single(summary.FirstIssues);
        Assert.True(issue.Dropped, name);
        Assert.Equal((input, 2L), (issue.File, issue.Line));
        Assert.Contains(reason, issue.Reason, StringComparison.Ordinal);
        Assert.Equal((3L, 1L), (summary.Lines, summary.LinesDropped));
        var listed = await File.ReadAllLinesAsync(summary.IssuesFile!);
        Assert.Equal($"{input}:2: {issue.Reason}", Assert.Single(listed));
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["m0", "m2"], read.Events.Select(e => e.EventId));
    }

    /// <summary>
    /// A Latin-1 byte in a Segment line became U+FFFD without a word wherever the line's bytes went to the table as
    /// they were (the properties, plainly written ids); the CSV import already left such records out. A line that is
    /// not UTF-8 is now left out and named the same way, whatever field holds the byte, and the lines around it kept.
    /// </summary>
    [Fact]
    public async Task A_line_that_is_not_UTF_8_is_left_out_and_named_instead_of_turning_into_replacement_characters()
    {
        var input = Path.Combine(Directory.CreateDirectory(_temp.File("in")).FullName, "latin1.jsonl");
        var latin1 = Encoding.Latin1;
        File.WriteAllBytes(input, [
            .. Encoding.UTF8.GetBytes(Good.Replace("m1", "m0") + "\n"),
            .. latin1.GetBytes(Good.Replace("m1", "m1").Replace("\"pro\"", "\"pr\u00F6\"") + "\n"),
            .. latin1.GetBytes(Good.Replace("m1", "m2").Replace("Project Created", "Projekt erstellt \u00FCber API") + "\n"),
            .. latin1.GetBytes(Good.Replace("m1", "m3").Replace("\"u1\"", "\"m\u00FCller\"") + "\n"),
            .. Encoding.UTF8.GetBytes(Good.Replace("m1", "m4").Replace("\"pro\"", "\"pr\u00F6\"") + "\n"),
        ]);

        var summary = await ImportAsync(input);

        Assert.Equal([2L, 3L, 4L], summary.FirstIssues.Select(i => i.Line));
        Assert.All(summary.FirstIssues, i => Assert.True(i.Dropped));
        Assert.Equal(
            ["not UTF-8: expected UTF-8 text, found the byte 0xF6", "not UTF-8: expected UTF-8 text, found the byte 0xFC", "not UTF-8: expected UTF-8 text, found the byte 0xFC"],
            summary.FirstIssues.Select(i => i.Reason[..i.Reason.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Contains("iconv -f WINDOWS-1252 -t UTF-8", summary.FirstIssues[0].Reason, StringComparison.Ordinal);
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["m0", "m4"], read.Events.Select(e => e.EventId));
        Assert.Equal("{\"plan\":\"pr\u00F6\"}", read.Events[1].Properties);
        Assert.DoesNotContain(read.Events, e => (e.Properties ?? "").Contains('\uFFFD', StringComparison.Ordinal));
    }

    /// <summary>A line that imports, and the event it must become.</summary>
    public static TheoryData<string, string, UserEvent> GoodLines => new()
    {
        { "a product event, properties kept as they were", Good, new("m1", "u1", At(10), "Project Created", null, null, "{\"plan\":\"pro\"}") },
        { "anonymous user", Good.Replace("\"userId\":\"u1\"", "\"anonymousId\":\"anon-7\""), new("m1", "anon-7", At(10), "Project Created", null, null, "{\"plan\":\"pro\"}") },
        { "numeric user id", Good.Replace("\"u1\"", "42"), new("m1", "42", At(10), "Project Created", null, null, "{\"plan\":\"pro\"}") },
        { "originalTimestamp when timestamp is missing", Good.Replace("\"timestamp\"", "\"originalTimestamp\""), new("m1", "u1", At(10), "Project Created", null, null, "{\"plan\":\"pro\"}") },
        { "an offset read as UTC", Good.Replace("10:00:00.000Z", "12:00:00+02:00"), new("m1", "u1", At(10), "Project Created", null, null, "{\"plan\":\"pro\"}") },
        {
            "e-mail delivered: a send of the campaign",
            Good.Replace("Project Created", "Email Delivered").Replace("{\"plan\":\"pro\"}", "{\"campaign_id\":\"spring\",\"email_id\":\"e77\"}"),
            new("m1", "u1", At(10), EventTypes.MessageSent, "spring", null, "{\"campaign_id\":\"spring\",\"email_id\":\"e77\"}")
        },
        {
            "e-mail link clicked", Good.Replace("Project Created", "Email Link Clicked").Replace("{\"plan\":\"pro\"}", "{\"campaign_id\":7}"),
            new("m1", "u1", At(10), EventTypes.MessageClicked, "7", null, "{\"campaign_id\":7}")
        },
        { "marked as spam", Good.Replace("Project Created", "Email Marked as Spam"), new("m1", "u1", At(10), EventTypes.Complained, null, null, "{\"plan\":\"pro\"}") },
        { "unsubscribed", Good.Replace("Project Created", "Unsubscribed"), new("m1", "u1", At(10), EventTypes.Unsubscribed, null, null, "{\"plan\":\"pro\"}") },
        {
            "revenue is the value", Good.Replace("Project Created", "Order Completed").Replace("{\"plan\":\"pro\"}", "{\"revenue\":49.5,\"value\":3}"),
            new("m1", "u1", At(10), "Order Completed", null, 49.5, "{\"revenue\":49.5,\"value\":3}")
        },
        { "a page view", """{"type":"page","name":"Pricing","userId":"u1","messageId":"m1","timestamp":"2026-03-01T10:00:00Z","properties":{"path":"/pricing"}}""", new("m1", "u1", At(10), "page_viewed", null, null, "{\"path\":\"/pricing\"}") },
        { "a screen view", """{"type":"screen","name":"Home","userId":"u1","messageId":"m1","timestamp":"2026-03-01T10:00:00Z"}""", new("m1", "u1", At(10), "screen_viewed") },
    };

    [Theory]
    [MemberData(nameof(GoodLines))]
    public async Task A_good_line_becomes_the_event_the_mapping_says(string name, string line, UserEvent expected)
    {
        var summary = await ImportAsync(Write("in.jsonl", line));

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.True(summary.FirstIssues.Count == 0, name + ": " + string.Join("; ", summary.FirstIssues));
        Assert.Equal(expected, Assert.Single(read.Events));
    }

    [Fact]
    public async Task Properties_that_are_not_an_object_are_left_out_of_an_event_that_is_kept()
    {
        var summary = await ImportAsync(Write("in.jsonl", Good.Replace("{\"plan\":\"pro\"}", "\"pro\"")));

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Null(Assert.Single(read.Events).Properties);
        var issue = Assert.Single(summary.FirstIssues);
        Assert.Equal((false, "properties: expected an object, found a JSON string"), (issue.Dropped, issue.Reason));
    }

    [Fact]
    public async Task A_repeated_messageId_is_left_out_and_names_the_line_that_had_it_first()
    {
        var other = Write("b.jsonl", Good.Replace("m1", "m5"), Good);
        Write("a.jsonl", Good);

        var summary = await ImportAsync(_temp.Path + "/in");

        var issue = Assert.Single(summary.FirstIssues);
        Assert.Equal((other, 2L), (issue.File, issue.Line));
        Assert.Equal($"duplicate event id: \"m1\" was already imported from {_temp.File("in/a.jsonl")} line 1", issue.Reason);
        Assert.Equal((2L, 1L), (summary.Events, summary.Duplicates));
    }

    [Fact]
    public async Task Group_alias_and_skipped_events_are_counted_not_listed()
    {
        var input = Write("in.jsonl",
            """{"type":"group","groupId":"g1","userId":"u1","messageId":"g","timestamp":"2026-03-01T10:00:00Z"}""",
            """{"type":"alias","previousId":"a","userId":"u1","messageId":"a","timestamp":"2026-03-01T10:00:00Z"}""",
            Good.Replace("Project Created", "Application Backgrounded"),
            Good.Replace("m1", "m2"));

        var summary = await ImportAsync(input, new SegmentMapping { SkipEvents = ["Application Backgrounded"] });

        Assert.Empty(summary.FirstIssues);
        Assert.Equal(1, summary.Events);
        Assert.Equal(
            [("type group", 1L), ("type alias", 1L), ("event (skip_events)", 1L)],
            summary.Fields.Where(f => f.Source is "type group" or "type alias" or "event (skip_events)").Select(f => (f.Source, f.Count)));
    }

    [Fact]
    public async Task The_summary_says_what_each_field_became_and_what_was_ignored()
    {
        var summary = await ImportAsync(Write("in.jsonl", Good, Good.Replace("m1", "m2").Replace("\"userId\":\"u1\"", "\"anonymousId\":\"a1\"")));

        var fields = summary.Fields.ToDictionary(f => f.Source + " -> " + f.Target, f => f.Count);
        Assert.Equal(2, fields["messageId -> event_id"]);
        Assert.Equal(1, fields["userId -> user_id"]);
        Assert.Equal(1, fields["anonymousId (no userId) -> user_id"]);
        Assert.Equal(2, fields["event \"Project Created\" -> event_type Project Created"]);
        Assert.Equal(2, fields["properties -> properties (its JSON as it was)"]);
        Assert.Equal(2, fields["sentAt -> ignored"]);
        Assert.Contains("sentAt -> ignored: 2", summary.Describe(), StringComparison.Ordinal);
        Assert.Contains("no catalog.json written", summary.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzipped_export_reads_like_the_plain_one_and_the_folder_validates()
    {
        var plain = Write("plain.jsonl", Good, Good.Replace("m1", "m2"));
        var gz = _temp.File("export.jsonl.gz");
        await using (var file = File.Create(gz))
        await using (var zip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await zip.WriteAsync(await File.ReadAllBytesAsync(plain));
        }

        await ImportAsync(gz);

        Assert.Equal(2, (await ImportedFolder.ReadAsync(_temp.File("out"))).Events.Count);
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    [Fact]
    public async Task Identify_calls_become_profile_rows_dated_by_their_instant()
    {
        var input = Write("in.jsonl",
            """{"type":"identify","userId":"u1","messageId":"i1","timestamp":"2026-03-01T10:00:00Z","context":{"timezone":"Europe/Berlin"},"traits":{"plan":"free","email":"ada@example.com","createdAt":"2026-02-01T08:00:00+01:00","company":{"employee_count":12,"industry":"retail"},"address":{"country":"DE","city":"Berlin"},"seats":3,"beta":true,"tags":["a"]}}""",
            """{"type":"identify","userId":"u1","messageId":"i2","timestamp":"2026-03-05T10:00:00Z","traits":{"plan":"pro","seats":"many"}}""",
            """{"type":"identify","userId":"u2","messageId":"i3","timestamp":"2026-03-05T10:00:00Z","traits":{"createdAt":"2026-02-01","timezone":"Mars/Olympus","plan":"team"}}""",
            Good);

        var summary = await ImportAsync(input);

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        var u1 = read.Profiles.Single(p => p.UserId == "u1");
        Assert.Null(u1.Plan);
        Assert.Equal([At(10), new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc)], u1.Updates.Select(e => e.Timestamp));
        Assert.Equal(
            "{\"signup_at\":\"2026-02-01T07:00:00Z\",\"country\":\"DE\",\"timezone\":\"Europe/Berlin\",\"company_size\":12,\"plan\":\"free\",\"beta\":1,\"company_industry\":\"retail\",\"seats\":\"3\"}",
            u1.Updates[0].Properties);
        Assert.Equal("{\"plan\":\"pro\",\"seats\":\"many\"}", u1.Updates[1].Properties);
        Assert.Equal("{\"plan\":\"team\"}", read.Profiles.Single(p => p.UserId == "u2").Updates[0].Properties);
        Assert.Equal(
            ["traits.createdAt: expected an ISO-8601 timestamp with a zone, found \"2026-02-01\"", "traits.timezone: expected an IANA time zone id such as \"Europe/Berlin\", found \"Mars/Olympus\""],
            summary.FirstIssues.Select(i => i.Reason));
        Assert.All(summary.FirstIssues, i => Assert.False(i.Dropped));
        Assert.Equal(1, summary.Fields.Single(f => f.Source == "traits.email").Count);
        Assert.StartsWith("left out", summary.Fields.Single(f => f.Source == "traits.email").Target, StringComparison.Ordinal);
        Assert.Equal("text", summary.ProfileAttributes["seats"]);
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    [Fact]
    public async Task A_mapping_turns_a_help_desk_and_a_docs_site_into_reserved_types()
    {
        var input = Write("in.jsonl",
            """{"type":"track","event":"Ticket Created","userId":"u1","messageId":"t1","timestamp":"2026-03-01T10:00:00Z","properties":{"id":"T-9","priority":"high"}}""",
            """{"type":"track","event":"Ticket Closed","userId":"u1","messageId":"t2","timestamp":"2026-03-02T10:00:00Z","properties":{"id":"T-9"}}""",
            """{"type":"page","userId":"u1","messageId":"p1","timestamp":"2026-03-02T11:00:00Z","properties":{"url":"https://example.com/docs/sso?x=1"}}""",
            """{"type":"track","event":"Newsletter Sent","userId":"u1","messageId":"n1","timestamp":"2026-03-03T10:00:00Z","properties":{"newsletter":"march"}}""");
        var mapping = new SegmentMapping
        {
            Events = new Dictionary<string, string>
            {
                ["Ticket Created"] = EventTypes.TicketOpened, ["Ticket Closed"] = EventTypes.TicketClosed, ["Newsletter Sent"] = EventTypes.MessageSent,
            },
            Pages = [new PageRule("/docs/", EventTypes.KbArticleViewed)],
            TicketIdProperty = "id",
            MessageIdProperties = ["campaign_id", "newsletter"],
        };

        var summary = await ImportAsync(input, mapping);

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Empty(summary.FirstIssues);
        Assert.Equal([EventTypes.TicketOpened, EventTypes.TicketClosed, EventTypes.KbArticleViewed, EventTypes.MessageSent], read.Events.Select(e => e.EventType));
        Assert.Equal("{\"ticket_id\":\"T-9\",\"id\":\"T-9\",\"priority\":\"high\"}", read.Events[0].Properties);
        Assert.Equal("{\"ticket_id\":\"T-9\",\"id\":\"T-9\"}", read.Events[1].Properties);
        Assert.Equal("march", read.Events[3].MessageId);
    }

    [Fact]
    public async Task Assume_utc_and_derived_ids_take_lines_otherwise_left_out()
    {
        var naive = Good.Replace("10:00:00.000Z", "10:00:00").Replace("\"messageId\":\"m1\",", "");

        var summary = await ImportAsync(Write("in.jsonl", naive, naive), new SegmentMapping { AssumeUtc = true, DeriveMissingIds = true });

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        var e = Assert.Single(read.Events);
        Assert.Equal(At(10), e.Timestamp);
        Assert.StartsWith("seg-", e.EventId, StringComparison.Ordinal);
        Assert.Equal(1, summary.Duplicates);
    }

    public void Dispose() => _temp.Dispose();

    private static DateTime At(int hour) => new(2026, 3, 1, hour, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("\"sentAt\"", "an ignored member's name")]
    [InlineData("\"Project Created\"", "the event name")]
    [InlineData("\"u1\"", "the user id")]
    public async Task Bytes_that_are_not_utf8_make_a_broken_line_not_a_failed_import(string quoted, string where)
    {
        // The byte 0xC3 alone, just inside the quotes: no UTF-8 text starts so and ends there.
        var input = Write("in.jsonl", Good.Replace("m1", "m0"), Good, Good.Replace("m1", "m2"));
        var bytes = await File.ReadAllBytesAsync(input);
        var second = Array.IndexOf(bytes, (byte)'\n') + 1;
        var at = second + Encoding.UTF8.GetString(bytes, second, bytes.Length - second).IndexOf(quoted, StringComparison.Ordinal) + 1;
        bytes[at] = 0xC3;
        await File.WriteAllBytesAsync(input, bytes);

        var summary = await ImportAsync(input);

        var issue = Assert.Single(summary.FirstIssues);
        Assert.Equal((input, 2L, true), (issue.File, issue.Line, issue.Dropped));
        // Named as the CSV import names it (the line is checked whole before it is parsed), not as invalid JSON.
        Assert.True(issue.Reason.StartsWith("not UTF-8: expected UTF-8 text, found the byte 0xC3 ", StringComparison.Ordinal), where + ": " + issue.Reason);
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["m0", "m2"], read.Events.Select(e => e.EventId));
    }

    private Task<ImportSummary> ImportAsync(string input, SegmentMapping? mapping = null) =>
        SegmentImporter.RunAsync(new SegmentImportOptions { Input = input, Output = _temp.File("out"), Mapping = mapping ?? new SegmentMapping() });

    private string Write(string name, params string[] lines)
    {
        var path = name.Contains('/', StringComparison.Ordinal) ? _temp.File(name) : Path.Combine(Directory.CreateDirectory(_temp.File("in")).FullName, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }
}
