namespace Recommender.Cli.Tests;

/// <summary><c>recommender import</c> as a new user meets it: <c>validate</c> points at the export, the import says what it did.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>
    /// An import whose every line is left out (here, epoch seconds read as ISO-8601, the default --time-format) wrote an
    /// empty events table and exited 0, so a pipeline went on to train, which failed far from the cause. Now it exits
    /// 1, naming the kinds of issue; the summary and the issues file are still written, to find the fix.
    /// </summary>
    [Theory]
    [InlineData("csv")]
    [InlineData("segment")]
    public async Task An_import_that_writes_no_event_fails_naming_why(string kind)
    {
        var input = _temp.File(kind == "csv" ? "events.csv" : "events.jsonl");
        File.WriteAllLines(input, kind == "csv"
            ? ["user,ts,event", "u1,1772359200,signup", "u2,1772362800,signup"]
            : ["""{"type":"track","userId":"u1","event":"signup"}""", """{"type":"track","userId":"u2","event":"signup"}"""]);
        var output = _temp.File("out-" + kind);

        var result = kind == "csv"
            ? await CliProcess.RunAsync("import", "csv", "--in", input, "--out", output, "--user", "user", "--time", "ts", "--type", "event")
            : await CliProcess.RunAsync("import", "segment", "--in", input, "--out", output);

        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains($"error: no event was written to {output}: every one of the 2 lines with a record was left out (", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "import-issues.txt")));
    }

    [Fact]
    public async Task Validate_names_the_csv_export_and_the_import_it_suggests_gives_a_valid_folder()
    {
        var export = Directory.CreateDirectory(_temp.File("export")).FullName;
        File.WriteAllLines(Path.Combine(export, "events.csv"),
        [
            "user,ts,event,campaign",
            "u1,2026-03-01T10:00:00Z,Email Delivered,welcome",
            "u1,2026-03-01T12:00:00Z,Project Created,",
            "u1,2026-03-01 13:00:00,Project Created,",
        ]);
        File.WriteAllText(Path.Combine(export, "catalog.json"), """
            { "messages": [ { "id": "welcome", "category": "onboarding", "channel": "email", "goal_event": "Project Created" } ] }
            """);

        var before = await CliProcess.RunAsync("validate", "--data", export);
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("events.csv, which this command cannot read: run `recommender import csv --in events.csv --out DIR --user COL --time COL --type COL`", before.Output);

        var out1 = _temp.File("data");
        var import = await CliProcess.RunAsync("import", "csv", "--in", Path.Combine(export, "events.csv"), "--out", out1,
            "--user", "user", "--time", "ts", "--type", "event", "--message", "campaign", "--catalog", Path.Combine(export, "catalog.json"));
        Assert.True(import.ExitCode == 0, import.All);
        Assert.Contains("4 lines read", import.Output);
        Assert.Contains("2 events", import.Output);
        Assert.Contains($"{Path.Combine(export, "events.csv")}:4: ts: expected a timestamp with a zone", import.Output);
        Assert.Contains("event \"Email Delivered\" -> event_type message_sent: 1", import.Output);

        var after = await CliProcess.RunAsync("validate", "--data", out1);
        Assert.True(after.ExitCode == 0, after.All);
    }

    [Fact]
    public async Task A_missing_column_or_input_exits_one_with_the_reason_and_bad_arguments_exit_two()
    {
        var csv = _temp.File("events.csv");
        File.WriteAllLines(csv, ["user,time,event", "u1,2026-03-01T10:00:00Z,x"]);

        var missingColumn = await CliProcess.RunAsync("import", "csv", "--in", csv, "--out", _temp.File("o1"), "--user", "user", "--time", "ts", "--type", "event");
        var missingInput = await CliProcess.RunAsync("import", "segment", "--in", _temp.File("nope.jsonl"), "--out", _temp.File("o2"));
        var noColumns = await CliProcess.RunAsync("import", "csv", "--in", csv, "--out", _temp.File("o3"));

        Assert.Equal(1, missingColumn.ExitCode);
        Assert.Contains("expected a column \"ts\" in the header, found \"user\", \"time\", \"event\"", missingColumn.Output);
        Assert.Equal(1, missingInput.ExitCode);
        Assert.Contains("nope.jsonl: expected a file or a folder to import", missingInput.Output);
        Assert.Equal(2, noColumns.ExitCode);
        Assert.Contains("--user, --time and --type are required", noColumns.Output);
    }

    [Fact]
    public async Task Segment_lines_with_a_mapping_file_give_a_valid_folder_and_every_line_left_out_is_listed()
    {
        var input = _temp.File("in.jsonl");
        File.WriteAllLines(input,
        [
            """{"type":"identify","userId":"u1","messageId":"i1","timestamp":"2026-03-01T09:00:00Z","traits":{"plan":"pro","country":"DE"}}""",
            """{"type":"track","event":"Email Delivered","userId":"u1","messageId":"t1","timestamp":"2026-03-01T10:00:00Z","properties":{"campaign_id":"welcome"}}""",
            """{"type":"track","event":"Ticket Created","userId":"u1","messageId":"t2","timestamp":"2026-03-01T11:00:00Z","properties":{"ticket_id":"k1"}}""",
            """{"type":"track","event":"Project Created","userId":"u1","messageId":"t3","timestamp":"2026-03-01T12:00:00"}""",
            """{"type":"track","event":"Project Created","userId":"u1","messageId":"t2","timestamp":"2026-03-01T12:00:00Z"}""",
            """{"type":"track","event":"Project Created","userId":"u1","messageId":"t4","timestamp":"2026-03-01T13:00:00Z"}""",
        ]);
        var mapping = _temp.File("mapping.json");
        File.WriteAllText(mapping, """{ "events": { "Ticket Created": "ticket_opened" } }""");
        var catalog = _temp.File("catalog.json");
        File.WriteAllText(catalog, """
            { "messages": [ { "id": "welcome", "category": "onboarding", "channel": "email", "goal_event": "Project Created" } ] }
            """);
        var data = _temp.File("data");

        var import = await CliProcess.RunAsync("import", "segment", "--in", input, "--out", data, "--mapping", mapping, "--catalog", catalog);

        Assert.True(import.ExitCode == 0, import.All);
        Assert.Contains("6 lines read", import.Output);
        Assert.Contains("3 events, 1 profile rows written; 2 lines left out (1 of them duplicates)", import.Output);
        Assert.Contains("event \"Ticket Created\" -> event_type ticket_opened: 1", import.Output);
        Assert.Contains("type identify -> a profile row dated by its timestamp: 1", import.Output);
        Assert.Equal(
            [
                $"{input}:4: timestamp: expected a timestamp with a zone (Z or ±hh:mm; or set assume_utc in the mapping), found \"2026-03-01T12:00:00\"",
                $"{input}:5: duplicate event id: \"t2\" was already imported from line 3",
            ],
            await File.ReadAllLinesAsync(Path.Combine(data, "import-issues.txt")));

        var validate = await CliProcess.RunAsync("validate", "--data", data);
        Assert.True(validate.ExitCode == 0, validate.All);
        Assert.Contains("events: 3 rows", validate.Output);
    }

    [Fact]
    public async Task A_bad_mapping_file_or_data_set_exits_one_naming_what_to_fix()
    {
        var input = _temp.File("in.jsonl");
        File.WriteAllText(input, """{"type":"track","event":"x","userId":"u1","messageId":"t1","timestamp":"2026-03-01T10:00:00Z"}""");
        var mapping = _temp.File("mapping.json");
        File.WriteAllText(mapping, """{ "events": { "X": "" } }""");
        var hillstrom = _temp.File("hillstrom.csv");
        File.WriteAllLines(hillstrom, ["recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion", "10,2) $100 - $200,142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0"]);
        var obd = Directory.CreateDirectory(_temp.File("obd")).FullName;
        File.WriteAllText(Path.Combine(obd, "men.csv"), ",timestamp,item_id,position,click,propensity_score\n");

        var badMapping = await CliProcess.RunAsync("import", "segment", "--in", input, "--out", _temp.File("o1"), "--mapping", mapping);
        var badHillstrom = await CliProcess.RunAsync("import", "hillstrom", "--in", hillstrom, "--out", _temp.File("o2"));
        var noItems = await CliProcess.RunAsync("import", "obd", "--in", obd, "--out", _temp.File("o3"));

        Assert.Equal(1, badMapping.ExitCode);
        Assert.Contains($"{mapping}, at events.X: expected an event name mapped to a non-empty event type, found \"X\" -> \"\"", badMapping.Output);
        Assert.Equal(1, badHillstrom.ExitCode);
        Assert.Contains($"{hillstrom}: expected a column \"spend\" in the header", badHillstrom.Output);
        Assert.Equal(1, noItems.ExitCode);
        Assert.Contains($"{obd}: expected an Open Bandit log folder holding item_context.csv and the campaign's CSV, found no item_context.csv", noItems.Output);
        Assert.False(Directory.Exists(_temp.File("o1")) && File.Exists(Path.Combine(_temp.File("o1"), "events.parquet")), "a refused import wrote a table");
    }

    [Fact]
    public async Task A_hillstrom_row_the_challenge_does_not_define_is_listed_and_the_rest_imported()
    {
        var input = _temp.File("hillstrom.csv");
        File.WriteAllLines(input,
        [
            "recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend",
            "10,2) $100 - $200,142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0,0",
            "6,3) $200 - $350,329.08,1,1,Rural,1,Web,No E-Mail,1,0,0",
            "6,3) $200 - $350,329.08,1,1,Rural,1,Web,Some E-Mail,0,0,0",
            "2,1) $0 - $100,45.00,0,1,Urban,1,Web,Mens E-Mail,1,1,29.99",
        ]);
        var data = _temp.File("data");

        var import = await CliProcess.RunAsync("import", "hillstrom", "--in", input, "--out", data);

        Assert.True(import.ExitCode == 0, import.All);
        Assert.Contains("4 lines read", import.Output);
        Assert.Contains("6 events, 3 profile rows written; 1 lines left out", import.Output);
        Assert.Contains($"{input}:4: segment: expected one of \"Mens E-Mail\", \"Womens E-Mail\", \"No E-Mail\", found \"Some E-Mail\"", import.Output);
        var validate = await CliProcess.RunAsync("validate", "--data", data);
        Assert.True(validate.ExitCode == 0, validate.All);
    }

    [Theory]
    [InlineData(new[] { "import", "hillstrom", "--in", "x.csv", "--out", "o", "--holdout-share", "1" }, "--holdout-share must be in [0, 1) (got 1).")]
    [InlineData(new[] { "import", "segment", "--out", "o" }, "--in is required: the file or folder to import.")]
    [InlineData(new[] { "import", "obd", "--in", "x" }, "--out is required: the data folder to write.")]
    [InlineData(new[] { "import", "csv", "--in", "x.csv", "--out", "o", "--user", "u", "--time", "t", "--type", "e", "--time-format", "epoch" }, "--time-format must be iso, unix or unix-ms (got 'epoch').")]
    [InlineData(new[] { "import", "segment", "--in", "x", "--out", "o", "--duplicate-window", "0" }, "--duplicate-window must be at least 1 (got 0).")]
    [InlineData(new[] { "import", "segment", "--in", "x", "--out", "o", "--max-heap", "-1" }, "--max-heap -1: expected a whole number of MiB")]
    public async Task A_bad_argument_exits_two_with_what_is_expected(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output);
    }

    [Fact]
    public async Task An_import_that_outgrows_its_heap_limit_exits_one_naming_the_option()
    {
        // 600 calls with 200,000-character properties: their texts alone (240 MB in memory) are far beyond 64 MiB.
        var input = _temp.File("big.jsonl");
        var properties = new string('x', 200_000);
        File.WriteAllLines(input, Enumerable.Range(0, 600).Select(i =>
            $$$"""{"type":"track","event":"Viewed","userId":"u{{{i}}}","messageId":"m{{{i}}}","timestamp":"2026-03-01T10:00:00Z","properties":{"p":"{{{properties}}}"}}"""));

        var output = _temp.File("o1");
        var bounded = await CliProcess.RunAsync("import", "segment", "--in", input, "--out", output, "--max-heap", "64");

        Assert.Equal(1, bounded.ExitCode);
        Assert.Contains("The import ran out of memory under its managed heap limit of", bounded.Output);
        Assert.Contains("Run it again with a larger limit (--max-heap MiB) or --max-heap 0 for none.", bounded.Output);

        // No events file that is no table: the one being written is deleted, not left without its footer.
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output, "events.parquet*") : []);
    }

    public void Dispose() => _temp.Dispose();
}
