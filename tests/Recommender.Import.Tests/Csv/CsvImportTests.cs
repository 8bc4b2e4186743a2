using Recommender.Core.Events;
using Recommender.Import.Csv;
using Recommender.Import.Output;
using Recommender.Import.Segment;
using Recommender.Import.Tests.Support;

namespace Recommender.Import.Tests.Csv;

/// <summary>Flat CSV exports, good and hostile, through the real importer and back through the contract's readers.</summary>
public sealed class CsvImportTests : IDisposable
{
    private const string Header = "user,ts,event,campaign,amount,propensity,plan";
    private const string Good = "u1,2026-03-01T10:00:00Z,Project Created,,,,pro";

    private readonly TempFolder _temp = new();

    public static TheoryData<string, string, string> HostileRows => new()
    {
        { "too few fields", "u1,2026-03-01T10:00:00Z,x", "3 fields: expected 7, as the header has" },
        { "too many fields", Good + ",extra", "8 fields: expected 7, as the header has" },
        { "no user", Good.Replace("u1", ""), "user: expected a non-empty value, found an empty one" },
        { "no event name", Good.Replace("Project Created", " "), "event: expected a non-empty value" },
        { "timestamp without zone", Good.Replace("10:00:00Z", "10:00:00"), "ts: expected a timestamp with a zone (Z or ±hh:mm; or --assume-utc), found \"2026-03-01T10:00:00\"" },
        { "no timestamp", Good.Replace("2026-03-01T10:00:00Z", "soon"), "ts: expected an ISO-8601 timestamp, found \"soon\"" },
        { "timestamp after 2100", Good.Replace("2026", "2101"), "ts: expected an instant between 2000-01-01 and 2100-01-01" },
        { "a send without its message", Good.Replace("Project Created", "Email Delivered"), "campaign: a \"message_sent\" event needs its message id" },
        { "propensity above 1", Good.Replace(",,,pro", ",,1.5,pro"), "propensity: expected a number in (0, 1], found 1.5" },
        { "propensity as text", Good.Replace(",,,pro", ",,high,pro"), "propensity: expected a number in (0, 1], found \"high\"" },
        { "a user id with a NUL", Good.Replace("u1", "u\u00001"), "user: expected an id of text without control characters (U+0000–U+001F, U+007F–U+009F), found U+0000 at character 2" },
        { "a user id with a C1 control", Good.Replace("u1", "u1\u0085x"), "user: expected an id of text without control characters (U+0000–U+001F, U+007F–U+009F), found U+0085 at character 3" },
        { "a message id with a tab", "u1,2026-03-01T10:00:00Z,Email Delivered,spr\ting,,,pro", "campaign: expected an id of text without control characters (U+0000–U+001F, U+007F–U+009F), found U+0009 at character 4" },
    };

    [Theory]
    [MemberData(nameof(HostileRows))]
    public async Task A_hostile_row_is_left_out_and_listed_with_file_line_and_reason(string name, string row, string reason)
    {
        var input = Write("events.csv", Header, Good, row, Good.Replace("u1", "u2"));

        var summary = await ImportAsync(input);

        var issue = Assert.Single(summary.FirstIssues);
        Assert.True(issue.Dropped, name);
        Assert.Equal((input, 3L), (issue.File, issue.Line));
        Assert.Contains(reason, issue.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await ImportedFolder.ReadAsync(_temp.File("out"))).Events.Count);
    }

    [Fact]
    public async Task Named_columns_become_the_fields_and_the_rest_properties_with_numbers_as_numbers()
    {
        var input = Write("events.csv", Header,
            "u1,2026-03-01T10:00:00+01:00,Email Delivered,spring,,0.25,pro",
            "u1,2026-03-02T10:00:00Z,Order Completed,,49.90,,\"team, annual\"",
            "u2,2026-03-03T10:00:00Z,Zip Entered,,,,02134");

        var summary = await ImportAsync(input);

        var events = (await ImportedFolder.ReadAsync(_temp.File("out"))).Events;
        Assert.Empty(summary.FirstIssues);
        Assert.Equal(new UserEvent(events[0].EventId, "u1", new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), EventTypes.MessageSent, "spring", null, "{\"propensity\":0.25,\"plan\":\"pro\"}"), events[0]);
        Assert.Equal((49.9, "{\"plan\":\"team, annual\"}"), (events[1].Value!.Value, events[1].Properties!));
        Assert.Equal("{\"plan\":\"02134\"}", events[2].Properties);
        Assert.All(events, e => Assert.StartsWith("csv-", e.EventId, StringComparison.Ordinal));
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    [Fact]
    public async Task An_exact_repeat_of_a_row_is_a_duplicate_when_ids_are_derived_and_not_when_an_id_column_differs()
    {
        var derived = await ImportAsync(Write("events.csv", Header, Good, Good));
        Assert.Equal((1L, 1L), (derived.Events, derived.Duplicates));
        Assert.Contains("was already imported from", Assert.Single(derived.FirstIssues).Reason, StringComparison.Ordinal);

        var withIds = await ImportAsync(Write("ids.csv", "id," + Header, "a," + Good, "b," + Good), o => o with { IdColumn = "id" }, "out2");
        Assert.Equal((2L, 0L), (withIds.Events, withIds.Duplicates));
    }

    [Theory]
    [InlineData("unix", "1772359200", "2026-03-01T10:00:00.0000000Z")]
    [InlineData("unix", "1772359200.5", "2026-03-01T10:00:00.5000000Z")]
    [InlineData("unix-ms", "1772359200123", "2026-03-01T10:00:00.1230000Z")]
    [InlineData("iso-assume-utc", "2026-03-01 10:00:00", "2026-03-01T10:00:00.0000000Z")]
    public async Task Other_time_formats_read_as_UTC(string format, string cell, string expected)
    {
        var input = Write("events.csv", "user,ts,event", $"u1,{cell},x");

        await ImportAsync(input, o => o with
        {
            TimeFormat = format.StartsWith("unix-ms", StringComparison.Ordinal) ? CsvTimeFormat.UnixMs : format == "unix" ? CsvTimeFormat.Unix : CsvTimeFormat.Iso,
            Mapping = new SegmentMapping { AssumeUtc = format == "iso-assume-utc" },
            MessageColumn = null, ValueColumn = null,
        });

        var e = Assert.Single((await ImportedFolder.ReadAsync(_temp.File("out"))).Events);
        Assert.Equal(expected, e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A padded event name (a CHAR column, a ", "-separated file) was an event type of its own: the sends in it were no sends.</summary>
    [Fact]
    public async Task Event_names_are_trimmed_like_users_and_messages()
    {
        var input = Write("events.csv", "user,ts,event,campaign", "u1,2026-03-01T10:00:00Z, Email Delivered,spring", "u1,2026-03-01T11:00:00Z,message_sent   ,autumn");

        await ImportAsync(input, o => o with { ValueColumn = null });

        Assert.All((await ImportedFolder.ReadAsync(_temp.File("out"))).Events, e => Assert.Equal(EventTypes.MessageSent, e.EventType));
    }

    /// <summary>A ", "-separated header named its columns " ts" and " event": the import refused --time ts.</summary>
    [Fact]
    public async Task Header_names_are_read_without_surrounding_spaces()
    {
        var input = Write("events.csv", "user, ts, event, plan ", "u1,2026-03-01T10:00:00Z,x,pro");
        var profiles = Write("profiles.csv", "user , plan", "u1,free");

        var summary = await ImportAsync(input, o => o with { MessageColumn = null, ValueColumn = null, Profiles = profiles });

        Assert.Empty(summary.FirstIssues);
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal("{\"plan\":\"pro\"}", Assert.Single(read.Events).Properties);
        Assert.Equal("free", Assert.Single(read.Profiles).Plan);
    }

    /// <summary>An epoch column read with the wrong --time-format left every row out with no word of the option that reads it.</summary>
    [Theory]
    [InlineData(CsvTimeFormat.Iso, "1772359200", "ts: expected an ISO-8601 timestamp, found \"1772359200\" (seconds since 1970? pass --time-format unix, or unix-ms for milliseconds)")]
    [InlineData(CsvTimeFormat.Unix, "1772359200123", "ts: expected seconds since 1970-01-01, found \"1772359200123\" (milliseconds? pass --time-format unix-ms)")]
    [InlineData(CsvTimeFormat.UnixMs, "1772359200", "ts: expected milliseconds since 1970-01-01, found \"1772359200\" (seconds? pass --time-format unix)")]
    public async Task An_epoch_in_the_wrong_time_format_names_the_right_one(CsvTimeFormat format, string cell, string reason)
    {
        var input = Write("events.csv", "user,ts,event", $"u1,{cell},x");

        var summary = await ImportAsync(input, o => o with { TimeFormat = format, MessageColumn = null, ValueColumn = null });

        Assert.Equal(reason, Assert.Single(summary.FirstIssues).Reason);
    }

    [Fact]
    public async Task A_profiles_file_with_dated_rows_gives_point_in_time_attributes_and_bad_values_are_listed()
    {
        var events = Write("events.csv", Header, Good);
        var profiles = Write("profiles.csv",
            "user,since,plan,seats,timezone,company_size",
            "u1,,free,1,Europe/Berlin,12",
            "u1,2026-03-05T00:00:00Z,pro,5,,",
            "u2,2026-03-01T00:00:00Z,team,x,Mars/Olympus,-4");

        var summary = await ImportAsync(events, o => o with { Profiles = profiles, ProfileTimeColumn = "since" });

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        var u1 = read.Profiles.Single(p => p.UserId == "u1");
        Assert.Equal(("free", "Europe/Berlin", 12), (u1.Plan, u1.Timezone, u1.CompanySize));
        Assert.Equal("{\"plan\":\"pro\",\"seats\":\"5\"}", Assert.Single(u1.Updates).Properties);
        Assert.Equal("{\"plan\":\"team\",\"seats\":\"x\"}", Assert.Single(read.Profiles.Single(p => p.UserId == "u2").Updates).Properties);
        Assert.Equal(
            ["timezone: expected an IANA time zone id such as \"Europe/Berlin\", found \"Mars/Olympus\"", "company_size: expected a whole number ≥ 0, found -4"],
            summary.FirstIssues.Select(i => i.Reason));
        Assert.Equal((profiles, 4L), (summary.FirstIssues[0].File, summary.FirstIssues[0].Line));
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    /// <summary>
    /// A Latin-1 export read as UTF-8 would turn "müller" and "möller" into one user, "m\uFFFDller": its rows are
    /// left out and named with the conversion to run, and the ASCII rows of the same file are kept.
    /// </summary>
    [Fact]
    public async Task Rows_that_are_not_UTF_8_are_left_out_and_named_instead_of_merging_users()
    {
        var input = _temp.File("latin1.csv");
        File.WriteAllBytes(input, System.Text.Encoding.Latin1.GetBytes(
            "user,ts,event\nmüller,2026-03-01T10:00:00Z,x\nmöller,2026-03-01T10:00:00Z,x\nu3,2026-03-01T10:00:00Z,x\n"));

        var summary = await ImportAsync(input, o => o with { MessageColumn = null, ValueColumn = null });

        Assert.Equal("u3", Assert.Single((await ImportedFolder.ReadAsync(_temp.File("out"))).Events).UserId);
        Assert.Equal([2L, 3L], summary.FirstIssues.Select(i => i.Line));
        Assert.All(summary.FirstIssues, i => Assert.StartsWith("not UTF-8: expected UTF-8 text, found the byte 0x", i.Reason, StringComparison.Ordinal));
        Assert.Contains("iconv -f WINDOWS-1252 -t UTF-8", summary.FirstIssues[0].Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Ids with control characters, which the catalog and the API refuse, were imported as they were: a quoted line
    /// break in a user id made a user no request could name. The event id column and the profiles' user column are held
    /// to the same rule; the line named is the one the record starts on.
    /// </summary>
    [Fact]
    public async Task Event_ids_and_profile_user_ids_with_control_characters_are_left_out_naming_the_field()
    {
        var events = Write("events.csv", "id,user,ts,event",
            "e1,u1,2026-03-01T10:00:00Z,x",
            "e\u007F2,u1,2026-03-01T10:00:00Z,x",
            "e3,\"u\n2\",2026-03-01T10:00:00Z,x",
            "e4,u2,2026-03-01T10:00:00Z,x");
        var profiles = Write("profiles.csv", "user,plan", "u1,pro", "\"u\u001B1\",team", "u2,free");

        var summary = await ImportAsync(events, o => o with { IdColumn = "id", MessageColumn = null, ValueColumn = null, Profiles = profiles });

        const string expected = "expected an id of text without control characters (U+0000–U+001F, U+007F–U+009F), found ";
        Assert.Equal(
            [(events, 3L, $"id: {expected}U+007F at character 2"), (events, 4L, $"user: {expected}U+000A at character 2"), (profiles, 3L, $"user: {expected}U+001B at character 2")],
            summary.FirstIssues.Select(i => (i.File, i.Line, i.Reason)));
        Assert.All(summary.FirstIssues, i => Assert.True(i.Dropped));
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["e1", "e4"], read.Events.Select(e => e.EventId));
        Assert.Equal(["u1", "u2"], read.Profiles.Select(p => p.UserId).Order(StringComparer.Ordinal));
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    /// <summary>
    /// A profiles export that lists a user twice (a CRM join): two undated rows, and no way to tell which is the
    /// profile. Before, both were written and the import succeeded, and validate and train then refused the folder;
    /// now the second is left out, naming the first, and the folder is valid. Dated rows of one user are updates, kept.
    /// </summary>
    [Fact]
    public async Task A_second_undated_profile_row_of_a_user_is_left_out_naming_the_first()
    {
        var events = Write("events.csv", "user,ts,event", "u1,2026-03-01T10:00:00Z,x", "u2,2026-03-01T10:00:00Z,x");
        var profiles = Write("profiles.csv", "user,plan,since", "u1,pro,", "u2,free,", " u1 ,team,", "u2,team,2026-02-01T00:00:00Z", "u2,pro,2026-02-02T00:00:00Z");

        var summary = await ImportAsync(events, o => o with { MessageColumn = null, ValueColumn = null, Profiles = profiles, ProfileTimeColumn = "since" });

        var issue = Assert.Single(summary.FirstIssues);
        Assert.Equal((profiles, 4L), (issue.File, issue.Line));
        Assert.StartsWith("user: a second undated row of this user (the first is on line 2)", issue.Reason, StringComparison.Ordinal);
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal("pro", read.Profiles.Single(p => p.UserId == "u1").Plan);
        Assert.Equal(2, read.Profiles.Single(p => p.UserId == "u2").Updates.Count);
        await ImportedFolder.AssertValidAsync(_temp.File("out"), hasCatalog: false);
    }

    [Fact]
    public async Task A_column_named_on_the_command_line_but_missing_names_the_header()
    {
        var input = Write("events.csv", "user,time,event", "u1,2026-03-01T10:00:00Z,x");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(input));

        Assert.Equal($"{input}: expected a column \"ts\" in the header, found \"user\", \"time\", \"event\".", error.Message);
    }

    /// <summary>A join's export repeats a name: the import read the first column and ignored the other (or, for a property or an attribute, wrote both and let one win).</summary>
    [Theory]
    [InlineData("events.csv", "user,ts,event,amount,amount", "u1,2026-03-01T10:00:00Z,x,1,2", "amount", 4, 5)]
    [InlineData("events.csv", "user,ts,event,plan,seats,plan", "u1,2026-03-01T10:00:00Z,x,free,1,pro", "plan", 4, 6)]
    [InlineData("profiles.csv", "user,plan,plan", "u1,free,pro", "plan", 2, 3)]
    public async Task A_column_name_the_import_reads_twice_is_refused_with_both_places(string file, string header, string row, string name, int first, int second)
    {
        var events = file == "events.csv" ? Write(file, header, row) : Write("events.csv", "user,ts,event", "u1,2026-03-01T10:00:00Z,x");
        var profiles = file == "profiles.csv" ? Write(file, header, row) : null;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(events, o => o with
        {
            MessageColumn = null, ValueColumn = header.Contains("amount", StringComparison.Ordinal) ? "amount" : null, Profiles = profiles,
        }));

        Assert.StartsWith($"{_temp.File(file)}: expected the column \"{name}\" once in the header, found it as columns {first} and {second}.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// pandas' <c>to_csv()</c> writes its row index as a first column without a name. In a profiles file that stopped the
    /// import with "Extra profile attributes need a non-empty name" (no file, no fix); in an events file every row got
    /// a property named "". Such a column is left out, and the summary says so.
    /// </summary>
    [Fact]
    public async Task A_column_without_a_name_is_left_out_and_said_so()
    {
        var events = Write("events.csv", ",user,ts,event", "0,u1,2026-03-01T10:00:00Z,x", "1,u2,2026-03-01T11:00:00Z,x");
        var profiles = Write("profiles.csv", ",user,plan", "0,u1,free", "1,u2,pro");

        var summary = await ImportAsync(events, o => o with { MessageColumn = null, ValueColumn = null, Profiles = profiles });

        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.All(read.Events, e => Assert.Null(e.Properties));
        Assert.Equal(["free", "pro"], read.Profiles.OrderBy(p => p.UserId, StringComparer.Ordinal).Select(p => p.Plan));
        var described = summary.Describe();
        Assert.Contains("(column 1, no name) -> left out: a column without a name (pandas' row index?): 2", described, StringComparison.Ordinal);
        Assert.Contains("profiles.csv: (column 1, no name) -> left out: a column without a name (pandas' row index?): 2", described, StringComparison.Ordinal);
        Assert.Empty(summary.FirstIssues);
    }

    /// <summary>A spreadsheet's ';'-separated export writes 0,25: its sends were all refused for their propensity, its values left out, its numbers kept as text.</summary>
    [Fact]
    public async Task A_semicolon_separated_file_reads_decimal_commas()
    {
        var events = Write("events.csv", "user;ts;event;campaign;amount;propensity;rating", "u1;2026-03-01T10:00:00Z;Email Delivered;spring;49,90;0,25;4,5");
        var profiles = Write("profiles.csv", "user;score", "u1;0,75");

        var summary = await ImportAsync(events, o => o with { Delimiter = ';', Profiles = profiles });

        Assert.Empty(summary.FirstIssues);
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        var sent = Assert.Single(read.Events);
        Assert.Equal((49.9, "{\"propensity\":0.25,\"rating\":4.5}"), (sent.Value!.Value, sent.Properties!));
        Assert.Equal(0.75, Assert.Single(read.Profiles).Numeric["score"]);
    }

    [Theory]
    [InlineData(";", "';'")]
    [InlineData("\t", "'\\t'")]
    public async Task A_file_with_another_delimiter_names_the_option_that_reads_it(string delimiter, string option)
    {
        var input = Write("events.csv", string.Join(delimiter, "user", "ts", "event"), string.Join(delimiter, "u1", "2026-03-01T10:00:00Z", "x"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(input));

        Assert.EndsWith($"The header is one column holding {option}: pass --delimiter {option}.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A real log names its campaigns but not what each is for: without --catalog the import drafts the catalog with the
    /// ids it saw (most sent first) and the fields only the user knows left blank, which validation refuses by name until
    /// they are filled. A later import given a catalog removes the stale draft.
    /// </summary>
    [Fact]
    public async Task Without_a_catalog_the_message_ids_seen_are_drafted_with_blank_fields_that_do_not_validate()
    {
        var input = Write("events.csv", Header,
            "u1,2026-03-01T10:00:00Z,Email Delivered,autumn,,,pro",
            "u1,2026-03-02T10:00:00Z,Email Delivered,spring,,,pro",
            "u2,2026-03-02T11:00:00Z,Email Opened,spring,,,pro");

        var summary = await ImportAsync(input);

        var draft = _temp.File("out/" + CatalogDraft.FileName);
        Assert.Equal(draft, summary.CatalogDraft);
        Assert.Contains($"{draft} lists the 2 message ids with category, channel, goal_event blank", summary.Describe(), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("out/catalog.json")));
        var messages = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(draft))!["messages"]!.AsArray();
        Assert.Equal(["spring", "autumn"], messages.Select(m => (string)m!["id"]!));
        Assert.All(messages, m => Assert.Equal(["", "", ""], CatalogDraft.BlankFields.Select(f => (string)m![f]!)));

        var refused = Assert.Throws<Data.Validation.DataValidationException>(() => Data.Catalog.CatalogJson.Load(draft));
        Assert.Contains("category", refused.Message, StringComparison.Ordinal);
        foreach (var m in messages)
        {
            (m!["category"], m["channel"], m["goal_event"]) = ("marketing", "email", "purchase");
        }

        var filled = _temp.File("catalog.json");
        File.WriteAllText(filled, new System.Text.Json.Nodes.JsonObject { ["messages"] = messages.DeepClone() }.ToJsonString());
        Assert.Equal(2, Data.Catalog.CatalogJson.Load(filled).Messages.Count);

        var again = await ImportAsync(input, o => o with { Catalog = filled });
        Assert.Null(again.CatalogDraft);
        Assert.False(File.Exists(draft));
    }

    public void Dispose() => _temp.Dispose();

    private Task<ImportSummary> ImportAsync(string input, Func<CsvImportOptions, CsvImportOptions>? change = null, string output = "out")
    {
        var options = new CsvImportOptions
        {
            Input = input, Output = _temp.File(output), UserColumn = "user", TimeColumn = "ts", TypeColumn = "event", MessageColumn = "campaign", ValueColumn = "amount",
        };
        return CsvImporter.RunAsync(change is null ? options : change(options));
    }

    private string Write(string name, params string[] lines)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
