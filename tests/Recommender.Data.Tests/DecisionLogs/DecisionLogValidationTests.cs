using Recommender.Data.DecisionLog;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>Every rule of the decision log's contract: each broken file yields an issue naming file, row, column, expected and found.</summary>
public sealed class DecisionLogValidationTests
{
    /// <summary>One broken cell or column; the issue expected for it (Row null for file-level issues).</summary>
    internal sealed record Case(Action<DecisionLogRows> Break, long? Row, string Column, string Expected, string Found);

    private const string Score0 = """{"message_id":"tips","tier":1,"p_goal_send":0.1,"p_goal_no_send":0.1,"uplift":0,"p_unsubscribe":0.01,"value":5""";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["null decision_id"] = new(r => r.DecisionId[1] = null, 1, "decision_id", "a non-empty string", "null"),
        ["empty user_id"] = new(r => r.UserId[2] = "", 2, "user_id", "a non-empty string", "an empty string"),
        ["null as_of"] = new(r => r.AsOf[0] = null, 0, "as_of", "a UTC timestamp", "null"),
        ["as_of before range"] = new(
            r => r.AsOf[1] = new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc), 1, "as_of",
            "a UTC timestamp between 2000-01-01 and 2100-01-01", "1999-12-31T00:00:00Z"),
        ["blank reason"] = new(r => r.Reason[2] = "  ", 2, "reason", "a non-empty string", "\"  \""),
        ["propensity zero"] = new(r => r.Propensity[0] = 0, 0, "propensity", "a probability in (0, 1]", "0"),
        ["propensity above one"] = new(r => r.Propensity[1] = 1.5, 1, "propensity", "a probability in (0, 1]", "1.5"),
        ["propensity null"] = new(r => r.Propensity[1] = null, 1, "propensity", "(0, 1]", "null"),
        ["propensity NaN"] = new(r => r.Propensity[2] = double.NaN, 2, "propensity", "(0, 1]", "NaN"),
        ["blank message_id"] = new(r => r.MessageId[0] = "  ", 0, "message_id", "a message id, or null for \"send nothing\"", "\"  \""),
        ["distribution null"] = new(r => r.Distribution[1] = null, 1, "distribution", "a JSON object of action → probability", "null"),
        ["distribution invalid JSON"] = new(r => r.Distribution[1] = "{oops", 1, "distribution", "a JSON object", "invalid JSON \"{oops\""),
        ["distribution is an array"] = new(r => r.Distribution[2] = "[1]", 2, "distribution", "a JSON object", "a JSON array: \"[1]\""),
        ["distribution probability above one"] = new(
            r => r.Distribution[1] = """{"tips":1.5,"(none)":0.9}""", 1, "distribution", "probability in [0, 1]", "\"tips\": 1.5"),
        ["distribution probability as string"] = new(
            r => r.Distribution[1] = """{"tips":"0.1","(none)":0.9}""", 1, "distribution", "probability in [0, 1]", "\"tips\": \"0.1\""),
        ["distribution not summing to one"] = new(
            r => r.Distribution[1] = """{"tips":0.1,"(none)":0.4}""", 1, "distribution", "summing to 1", "probabilities summing to 0.5"),
        ["send whose message is not in the distribution"] = new(
            r => r.Distribution[0] = """{"tips":0.5,"(none)":0.5}""", 0, "distribution",
            "the logged action \"welcome\" with a probability above 0", "no \"welcome\" in"),
        ["no-send without \"(none)\""] = new(
            r => r.Distribution[2] = """{"welcome":1}""", 2, "distribution", "the logged action \"(none)\"", "no \"(none)\" in"),
        ["no-send whose \"(none)\" has probability zero"] = new(
            r => r.Distribution[1] = """{"tips":1,"(none)":0}""", 1, "distribution", "the logged action \"(none)\" with a probability above 0", "probability 0 in"),
        ["scores is an object"] = new(r => r.Scores[2] = "{}", 2, "scores", "a JSON array of objects with message_id", "a JSON object: \"{}\""),
        ["scores invalid JSON"] = new(r => r.Scores[1] = "[{", 1, "scores", "a JSON array", "invalid JSON \"[{\""),
        ["score without expected_value"] = new(
            r => r.Scores[1] = $"[{Score0},\"expected_value\":1}},{Score0}}}]", 1, "scores", "expected_value (numbers)", "element [1] has no \"expected_value\""),
        ["score with a string expected_value"] = new(
            r => r.Scores[1] = $"[{Score0},\"expected_value\":\"1\"}}]", 1, "scores", "(numbers)", "element [0] has \"expected_value\": \"\"1\"\" instead of a finite number"),
        ["score with a fractional tier"] = new(
            r => r.Scores[1] = """[{"message_id":"tips","tier":1.5}]""", 1, "scores", "tier (an integer)", "element [0] has \"tier\": \"1.5\" instead of an integer"),
        ["score without message_id"] = new(r => r.Scores[1] = """[{"tier":1}]""", 1, "scores", "message_id (a string)", "element [0] has no \"message_id\""),
        ["score that is a number"] = new(r => r.Scores[1] = "[3]", 1, "scores", "a JSON array of objects", "element [0] is a JSON number"),
        ["suppression without rule"] = new(
            r => r.Suppressed[1] = """[{"message_id":"welcome","detail":"x"}]""", 1, "suppressed", "message_id and rule (strings)", "element [0] has no \"rule\""),
        ["suppressed invalid JSON"] = new(r => r.Suppressed[0] = "nope", 0, "suppressed", "a JSON array", "invalid JSON \"nope\""),
        ["missing decision_id column"] = new(r => r.Replace["decision_id"] = null, null, "decision_id", "a string column", "no such column"),
        ["missing as_of column"] = new(r => r.Replace["as_of"] = null, null, "as_of", "a UTC timestamp column", "no such column (the file has \"decision_id\""),
        ["missing message_id column"] = new(r => r.Replace["message_id"] = null, null, "message_id", "a string column (null for \"send nothing\")", "no such column"),
        ["missing distribution column"] = new(r => r.Replace["distribution"] = null, null, "distribution", "a string column holding JSON", "no such column"),
        ["missing scores column"] = new(r => r.Replace["scores"] = null, null, "scores", "a string column holding JSON", "no such column"),
        ["as_of column differs in case"] = new(
            r => r.Replace["as_of"] = RawColumn.Timestamps("As_Of", r.AsOf), null, "as_of", "a UTC timestamp column", "\"As_Of\" (column names are case-sensitive)"),
        ["as_of stored as string"] = new(
            r => r.Replace["as_of"] = RawColumn.Strings("as_of", "2026-02-20T09:00:00Z", "x", "y"), null, "as_of", "a UTC timestamp column", "a string column"),
        ["propensity stored as string"] = new(
            r => r.Replace["propensity"] = RawColumn.Strings("propensity", "0.9", "0.9", "1"), null, "propensity", "a double column", "a string column"),
        ["scores stored as double"] = new(
            r => r.Replace["scores"] = RawColumn.Doubles("scores", 1, 2, 3), null, "scores", "holding JSON", "a double column"),
        ["channel stored as int64"] = new(
            r => r.Replace["channel"] = RawColumn.Longs("channel", 1, 2, 3), null, "channel", "a string column", "an int64 column"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFile_ThrowsIssueNamingFileRowColumnExpectedFound(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("decisions-20260220T090000Z-1-0000.parquet");
        var rows = new DecisionLogRows();
        c.Break(rows);
        await rows.WriteAsync(file);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => DecisionLogTestFile.ReadAllAsync([temp.Path]));

        IssueAssert.NamesFileRowColumn(error, file, c.Row, c.Column, c.Expected, c.Found);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFileUnderCollect_ReturnsTheValidRowsAndRecordsTheIssue(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var rows = new DecisionLogRows();
        c.Break(rows);
        await rows.WriteAsync(temp.File("decisions-a.parquet"));
        var options = new DecisionLogReadOptions { OnError = ErrorPolicy.Collect };

        var decisions = await DecisionLogTestFile.ReadAllAsync([temp.Path], options);

        var summary = options.Summary;
        Assert.Contains(summary.Issues, i => i.Column == c.Column && i.Row == c.Row);
        Assert.True(summary.HasErrors);
        Assert.Equal(3, summary.RowsRead);
        var expected = c.Row is null ? new string?[0] : rows.DecisionId.Where((_, i) => i != c.Row).ToArray();
        Assert.Equal(expected, decisions.Select(d => d.DecisionId));
        Assert.Equal(3 - expected.Length, summary.RowsRejected);
        Assert.Equal(expected.Length, summary.DecisionsReturned);
    }

    [Fact]
    public async Task ReadAsync_SeveralBadRowsInOneGroup_ThrowsWithEveryIssueOfTheGroup()
    {
        using var temp = new TempFolder();
        var rows = new DecisionLogRows();
        rows.UserId[0] = null;
        rows.Scores[1] = "{}";
        rows.Propensity[2] = 2;
        rows.Distribution[2] = "{}";
        await rows.WriteAsync(temp.File("decisions-a.parquet"));

        var error = await Assert.ThrowsAsync<DataValidationException>(() => DecisionLogTestFile.ReadAllAsync([temp.Path]));

        Assert.Equal(
            [(0L, "user_id"), (1L, "scores"), (2L, "propensity"), (2L, "distribution")],
            error.Issues.Select(i => (i.Row!.Value, i.Column!)).ToArray());
    }

    [Fact]
    public async Task ReadAsync_WithoutTheDescriptiveColumns_ReadsTheDecisions()
    {
        using var temp = new TempFolder();
        var rows = new DecisionLogRows();
        rows.Replace["channel"] = null;
        rows.Replace["model_version"] = null;
        rows.Replace["suppressed"] = null;
        await rows.WriteAsync(temp.File("decisions-a.parquet"));

        var decisions = await DecisionLogTestFile.ReadAllAsync([temp.Path]);

        Assert.Equal(["d0", "d1", "d2"], decisions.Select(d => d.DecisionId));
        Assert.All(decisions, d => Assert.Null(d.Channel));
        Assert.All(decisions, d => Assert.Empty(d.Suppressed));
        Assert.Equal("tips", Assert.Single(decisions[1].Scores).MessageId);
    }

    [Fact]
    public async Task ReadAsync_ACompleteFileThatIsNotParquet_ReportsUnreadableFile()
    {
        using var temp = new TempFolder();
        var file = temp.File("decisions-a.parquet");
        await File.WriteAllTextAsync(file, "decision_id,user_id\nd1,u1\n");

        var error = await Assert.ThrowsAsync<DataValidationException>(() => DecisionLogTestFile.ReadAllAsync([temp.Path]));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(file, issue.File);
        Assert.Null(issue.Row);
        Assert.Equal("a readable Parquet file", issue.Expected);
    }

    [Theory]
    [InlineData("missing", "no file or folder at that path")]
    [InlineData("empty", "no such file")]
    [InlineData("only-in-progress", "only 1 file(s) still being written (*.parquet.tmp)")]
    [InlineData("servers' folders", "no such file at its top, but its folder(s) server-a, server-b hold log files: pass each of them (--decision-log, once per folder)")]
    public async Task ReadAsync_AFolderWithoutACompleteLogFile_SaysSo(string kind, string found)
    {
        using var temp = new TempFolder();
        var folder = temp.File("log");
        if (kind != "missing")
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "notes.parquet"), "not a log file");
        }

        if (kind == "only-in-progress")
        {
            await new DecisionLogRows().WriteAsync(Path.Combine(folder, "decisions-a.parquet.tmp"));
        }

        if (kind == "servers' folders")
        {
            // The folder above the servers' log folders (one per server), and a folder without a log beside them.
            foreach (var server in new[] { "server-b", "server-a", "notes" })
            {
                Directory.CreateDirectory(Path.Combine(folder, server));
                await new DecisionLogRows().WriteAsync(Path.Combine(folder, server, server == "notes" ? "readme.parquet" : "decisions-a.parquet"));
            }
        }

        var error = await Assert.ThrowsAsync<DataValidationException>(() => DecisionLogTestFile.ReadAllAsync([folder]));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(folder, issue.File);
        Assert.Equal("a decision log folder holding at least one complete decisions-*.parquet file", issue.Expected);
        Assert.Equal(found, issue.Found);
    }
}
