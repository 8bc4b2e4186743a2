using Recommender.Core.Events;
using Recommender.Data.Events;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.Events;

/// <summary>Every rule of the events contract: each broken file yields an issue naming file, row, column, expected and found.</summary>
public sealed class EventParquetValidationTests
{
    /// <summary>One broken cell or column; the issue expected for it (Row null for file-level issues).</summary>
    internal sealed record Case(Action<EventRows> Break, long? Row, string Column, string Expected, string Found);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["null event_id"] = new(r => r.EventId[1] = null, 1, "event_id", "a non-empty string", "null"),
        ["empty event_id"] = new(r => r.EventId[1] = "", 1, "event_id", "a non-empty string", "an empty string"),
        ["null user_id"] = new(r => r.UserId[2] = null, 2, "user_id", "a non-empty string", "null"),
        ["empty user_id"] = new(r => r.UserId[1] = "", 1, "user_id", "a non-empty string", "an empty string"),
        ["blank event_type"] = new(r => r.EventType[0] = "  ", 0, "event_type", "a non-empty string", "\"  \""),
        ["null event_type"] = new(r => r.EventType[0] = null, 0, "event_type", "a non-empty string", "null"),
        ["null timestamp"] = new(r => r.Timestamp[2] = null, 2, "timestamp", "a UTC timestamp", "null"),
        ["timestamp before range"] = new(
            r => r.Timestamp[1] = new DateTime(1899, 12, 31, 0, 0, 0, DateTimeKind.Utc), 1, "timestamp",
            "a UTC timestamp between 2000-01-01 and 2100-01-01", "1899-12-31T00:00:00Z"),
        ["timestamp after range"] = new(
            r => r.Timestamp[0] = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0, "timestamp",
            "between 2000-01-01 and 2100-01-01", "2100-01-01T00:00:00Z"),
        ["message_sent without message_id"] = new(
            r => r.MessageId[1] = null, 1, "message_id", "a message id on a \"message_sent\" event", "null"),
        ["message_opened with empty message_id"] = new(
            r => r.MessageId[2] = "", 2, "message_id", "a message id on a \"message_opened\" event", "an empty string"),
        ["message_clicked without message_id"] = new(
            r => { r.EventType[0] = EventTypes.MessageClicked; }, 0, "message_id", "\"message_clicked\"", "null"),
        ["properties is an array"] = new(r => r.Properties[2] = "[1,2]", 2, "properties", "a JSON object", "a JSON array"),
        ["properties is a number"] = new(r => r.Properties[0] = "42", 0, "properties", "a JSON object", "a JSON number"),
        ["properties is a string"] = new(r => r.Properties[0] = "\"x\"", 0, "properties", "a JSON object", "a JSON string"),
        ["properties is invalid JSON"] = new(r => r.Properties[2] = "{oops", 2, "properties", "a JSON object", "invalid JSON \"{oops\""),
        ["properties is empty"] = new(r => r.Properties[2] = "", 2, "properties", "a JSON object", "invalid JSON an empty string"),
        ["propensity above 1"] = new(
            r => r.Properties[1] = """{"propensity":1.5}""", 1, "properties", "\"propensity\" to be a number in (0, 1]", "1.5"),
        ["propensity zero"] = new(r => r.Properties[1] = """{"propensity":0}""", 1, "properties", "(0, 1]", "0"),
        ["propensity negative"] = new(r => r.Properties[1] = """{"propensity":-0.2}""", 1, "properties", "(0, 1]", "-0.2"),
        ["propensity as string"] = new(
            r => r.Properties[1] = """{"propensity":"0.5"}""", 1, "properties", "(0, 1]", "\"0.5\" (a JSON string)"),
        ["propensity null"] = new(r => r.Properties[1] = """{"propensity":null}""", 1, "properties", "(0, 1]", "null (a JSON null)"),
        ["profile_updated plan as number"] = new(
            r => (r.EventType[0], r.Properties[0]) = (EventTypes.ProfileUpdated, """{"plan":3}"""), 0, "properties",
            "\"plan\" of a profile_updated to be text", "3 (a JSON number)"),
        ["profile_updated negative company_size"] = new(
            r => (r.EventType[0], r.Properties[0]) = (EventTypes.ProfileUpdated, """{"company_size":-2}"""), 0, "properties",
            "\"company_size\" of a profile_updated to be a whole number ≥ 0", "-2"),
        ["profile_updated unknown timezone"] = new(
            r => (r.EventType[0], r.Properties[0]) = (EventTypes.ProfileUpdated, """{"timezone":"Mars/Olympus"}"""), 0, "properties",
            "an IANA time zone id", "\"Mars/Olympus\""),
        ["profile_updated signup_at without zone"] = new(
            r => (r.EventType[0], r.Properties[0]) = (EventTypes.ProfileUpdated, """{"signup_at":"2024-01-01T10:00:00"}"""), 0, "properties",
            "with a zone (Z or ±hh:mm)", "\"2024-01-01T10:00:00\""),
        ["profile_updated object value"] = new(
            r => (r.EventType[0], r.Properties[0]) = (EventTypes.ProfileUpdated, """{"address":{"city":"Berlin"}}"""), 0, "properties",
            "\"address\" of a profile_updated to be a text, a number, a boolean or null", "(a JSON object)"),
        ["value NaN"] = new(r => r.Value[0] = double.NaN, 0, "value", "a finite number or null", "NaN"),
        ["value infinite"] = new(r => r.Value[0] = double.PositiveInfinity, 0, "value", "a finite number", "Infinity"),
        ["missing event_id column"] = new(r => r.Replace["event_id"] = null, null, "event_id", "a string column", "no such column"),
        ["missing user_id column"] = new(r => r.Replace["user_id"] = null, null, "user_id", "a string column", "no such column"),
        ["missing timestamp column"] = new(
            r => r.Replace["timestamp"] = null, null, "timestamp", "a UTC timestamp column", "no such column (the file has \"event_id\""),
        ["missing event_type column"] = new(r => r.Replace["event_type"] = null, null, "event_type", "a string column", "no such column"),
        ["timestamp column differs in case"] = new(
            r => r.Replace["timestamp"] = RawColumn.Timestamps("Timestamp", r.Timestamp), null, "timestamp",
            "a UTC timestamp column", "\"Timestamp\" (column names are case-sensitive)"),
        ["timestamp stored as string"] = new(
            r => r.Replace["timestamp"] = RawColumn.Strings("timestamp", "2024-03-01T12:00:00Z", "x", "y"), null, "timestamp",
            "a UTC timestamp column", "a string column"),
        ["timestamp stored as int64"] = new(
            r => r.Replace["timestamp"] = RawColumn.Longs("timestamp", 1, 2, 3), null, "timestamp", "a UTC timestamp column", "an int64 column"),
        ["value stored as string"] = new(
            r => r.Replace["value"] = RawColumn.Strings("value", "3", null, null), null, "value", "a double column", "a string column"),
        ["event_id stored as int64"] = new(
            r => r.Replace["event_id"] = RawColumn.Longs("event_id", 1, 2, 3), null, "event_id", "a string column", "an int64 column"),
        ["message_id stored as int32"] = new(
            r => r.Replace["message_id"] = RawColumn.Ints("message_id", 1, 2, 3), null, "message_id", "a string column", "an int32 column"),
        ["properties stored as double"] = new(
            r => r.Replace["properties"] = RawColumn.Doubles("properties", 1, 2, 3), null, "properties", "JSON objects", "a double column"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFile_ThrowsIssueNamingFileRowColumnExpectedFound(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var rows = new EventRows();
        c.Break(rows);
        await rows.WriteAsync(file);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(file));

        IssueAssert.NamesFileRowColumn(error, file, c.Row, c.Column, c.Expected, c.Found);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFileUnderCollect_ReturnsTheValidRowsAndRecordsTheIssue(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var rows = new EventRows();
        c.Break(rows);
        await rows.WriteAsync(file);
        var options = new EventReadOptions { OnError = ErrorPolicy.Collect };

        var events = await ReadAllAsync(file, options);

        var summary = options.Summary;
        Assert.Contains(summary.Issues, i => i.Column == c.Column && i.Row == c.Row);
        Assert.True(summary.HasErrors);
        Assert.Equal(3, summary.RowsRead);
        var expectedReturned = c.Row is null ? 0 : 2;
        Assert.Equal(expectedReturned, events.Count);
        Assert.Equal(3 - expectedReturned, summary.RowsRejected);
        Assert.Equal(expectedReturned, summary.EventsReturned);
    }

    [Fact]
    public async Task ReadAsync_NotAParquetFile_ReportsUnreadableFile()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await File.WriteAllTextAsync(file, "event_id,user_id\ne1,u1\n");

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(file));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(file, issue.File);
        Assert.Null(issue.Row);
        Assert.Equal("a readable Parquet file", issue.Expected);
        Assert.Contains("not a parquet file", issue.Found, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadAsync_SeveralBadRowsInOneGroup_ThrowsWithEveryIssueOfTheGroup()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var rows = new EventRows();
        rows.UserId[0] = null;
        rows.Properties[1] = "[]";
        rows.Timestamp[2] = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        rows.MessageId[2] = null;
        await rows.WriteAsync(file);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(file));

        Assert.Equal(
            [(0L, "user_id"), (1L, "properties"), (2L, "timestamp"), (2L, "message_id")],
            error.Issues.Select(i => (i.Row!.Value, i.Column!)).ToArray());
    }

    [Fact]
    public async Task ReadAsync_CustomTimestampRange_AppliesIt()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var rows = new EventRows();
        rows.Timestamp[0] = new DateTime(1995, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        await rows.WriteAsync(file);
        var options = new EventReadOptions
        {
            MinTimestamp = new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            MaxTimestamp = new DateTime(2024, 3, 1, 12, 2, 0, DateTimeKind.Utc),
            OnError = ErrorPolicy.Collect,
        };

        var events = await ReadAllAsync(file, options);

        Assert.Equal(["e0", "e1"], events.Select(e => e.EventId));
        var issue = Assert.Single(options.Summary.Issues);
        Assert.Equal(2, issue.Row);
        Assert.Equal("a UTC timestamp between 1990-01-01 and 2024-03-01", issue.Expected);
    }

    [Fact]
    public async Task ReadAsync_TimestampWithoutTimeZone_WarnsAndReadsAsUtc()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var rows = new EventRows();
        rows.Replace["timestamp"] = RawColumn.NaiveTimestamps("timestamp", rows.Timestamp);
        await rows.WriteAsync(file);
        var options = new EventReadOptions();

        var events = await ReadAllAsync(file, options);

        Assert.Equal(rows.Timestamp, events.Select(e => (DateTime?)e.Timestamp));
        Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        var warning = Assert.Single(options.Summary.Issues);
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        Assert.Equal("timestamp", warning.Column);
        Assert.False(options.Summary.HasErrors);
    }

    private static Task<List<UserEvent>> ReadAllAsync(string path, EventReadOptions? options = null) =>
        EventFiles.ReadAllAsync(path, options);
}
