using Recommender.Core.Events;
using Recommender.Data.Events;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.Events;

public sealed class EventParquetReaderTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task WriteThenRead_EveryColumn_RoundTrips()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        UserEvent[] written =
        [
            new("e1", "u1", T0, "project_created"),
            new("e2", "u1", T0.AddSeconds(1.5), EventTypes.MessageSent, "welcome", null, """{"propensity":0.25,"decision_id":"d-1"}"""),
            new("e3", "u2", T0.AddDays(3), "invoice_paid", null, 49.99, """{"currency":"EUR"}"""),
            new("e4", "u2", T0.AddDays(3).AddTicks(10), EventTypes.MessageClicked, "upgrade", -1e-300, "{}"),
        ];
        await using (var writer = await EventParquetWriter.CreateAsync(file))
        {
            await writer.WriteAsync(written);
            Assert.Equal(4, writer.RowsWritten);
        }

        var read = await ReadAllAsync(file);

        Assert.Equal(written, read);
        Assert.All(read, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
    }

    [Fact]
    public async Task WriteThenRead_ManyRowGroupsWithScatteredNulls_RoundTripsInTheSameProcess()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var random = new Random(7);
        var written = Enumerable.Range(0, 120_000)
            .Select(i => random.Next(3) == 0
                ? new UserEvent($"e{i}", $"u{random.Next(500)}", T0.AddSeconds(i), EventTypes.MessageSent, $"m{random.Next(9)}", null, """{"propensity":0.5}""")
                : new UserEvent($"e{i}", $"u{random.Next(500)}", T0.AddSeconds(i), "page_viewed", null, random.Next(2) == 0 ? i : null))
            .ToList();
        await using (var writer = await EventParquetWriter.CreateAsync(file, rowGroupSize: 50_000))
        {
            await writer.WriteAsync(written);
        }

        var read = await ReadAllAsync(file);

        Assert.Equal(written, read);
    }

    [Fact]
    public async Task Write_TimestampKinds_AreStoredAsUtc()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var local = new DateTime(2024, 5, 1, 8, 0, 0, DateTimeKind.Local);
        var unspecified = new DateTime(2024, 5, 1, 8, 0, 0, DateTimeKind.Unspecified);
        await using (var writer = await EventParquetWriter.CreateAsync(file))
        {
            await writer.WriteAsync(new UserEvent("e1", "u1", local, "a"));
            await writer.WriteAsync(new UserEvent("e2", "u1", unspecified, "a"));
        }

        var read = await ReadAllAsync(file);

        Assert.Equal(local.ToUniversalTime(), read[0].Timestamp);
        Assert.Equal(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), read[1].Timestamp);
    }

    [Theory]
    [InlineData("", "u1", "a", "event_id")]
    [InlineData("e1", "", "a", "user_id")]
    [InlineData("e1", "u1", "", "event_type")]
    public async Task WriteAsync_MissingRequiredField_ThrowsNamingTheColumn(string eventId, string userId, string eventType, string column)
    {
        using var temp = new TempFolder();
        await using var writer = await EventParquetWriter.CreateAsync(temp.File("events.parquet"));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            async () => await writer.WriteAsync(new UserEvent(eventId, userId, T0, eventType)));

        Assert.Contains(column, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_5500EventsInGroupsOf1000_YieldsSixBatchesOneRowGroupEach()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await using (var writer = await EventParquetWriter.CreateAsync(file, rowGroupSize: 1000))
        {
            await writer.WriteAsync(Enumerable.Range(0, 5500).Select(i => new UserEvent($"e{i}", $"u{i % 7}", T0.AddSeconds(i), "page_viewed")));
        }

        var batches = new List<EventBatch>();
        await foreach (var batch in EventParquetReader.ReadAsync(file))
        {
            batches.Add(batch);
        }

        Assert.Equal([0L, 1000, 2000, 3000, 4000, 5000], batches.Select(b => b.FirstRow));
        Assert.Equal([1000, 1000, 1000, 1000, 1000, 500], batches.Select(b => b.Events.Count));
        Assert.All(batches, b => Assert.Equal(file, b.File));
        Assert.Equal("e4321", batches[4].Events[321].EventId);
    }

    [Fact]
    public async Task ReadAsync_Folder_ReadsFilesInOrdinalNameOrderAsOneTable()
    {
        using var temp = new TempFolder();
        var folder = temp.File("events");
        Directory.CreateDirectory(folder);
        await WriteAsync(Path.Combine(folder, "part-10.parquet"), new UserEvent("c", "u1", T0, "x"));
        await WriteAsync(Path.Combine(folder, "part-02.parquet"), new UserEvent("b", "u1", T0, "x"));
        await WriteAsync(Path.Combine(folder, "Part-99.parquet"), new UserEvent("a", "u1", T0, "x"));
        await File.WriteAllTextAsync(Path.Combine(folder, "_SUCCESS"), "");
        var options = new EventReadOptions();

        var read = await ReadAllAsync(folder, options);

        Assert.Equal(["a", "b", "c"], read.Select(e => e.EventId));
        Assert.Equal(
            ["Part-99.parquet", "part-02.parquet", "part-10.parquet"],
            options.Summary.Files.Select(Path.GetFileName));
    }

    [Fact]
    public async Task ReadAsync_FolderWithBadFile_NamesThatFileAndItsRow()
    {
        using var temp = new TempFolder();
        var folder = temp.File("events");
        Directory.CreateDirectory(folder);
        await WriteAsync(Path.Combine(folder, "part-0.parquet"), new UserEvent("a", "u1", T0, "x"));
        var rows = new EventRows();
        rows.UserId[2] = "";
        var bad = Path.Combine(folder, "part-1.parquet");
        await rows.WriteAsync(bad);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(folder));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(bad, issue.File);
        Assert.Equal(2, issue.Row);
        Assert.StartsWith($"{bad} row 2, column \"user_id\"", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingPath_ThrowsFileNotFound()
    {
        using var temp = new TempFolder();

        await Assert.ThrowsAsync<FileNotFoundException>(() => ReadAllAsync(temp.File("nope.parquet")));
    }

    [Fact]
    public async Task ReadAsync_EmptyFolder_ReportsNoParquetFile()
    {
        using var temp = new TempFolder();

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(temp.Path));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(temp.Path, issue.File);
        Assert.Contains("no .parquet file", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManyBadRowsUnderThrow_CarriesAtMost100Issues()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var ids = Enumerable.Range(0, 250).Select(i => (string?)$"e{i}").ToArray();
        await RawParquet.WriteAsync(
            file,
            RawColumn.Strings("event_id", ids),
            RawColumn.Strings("user_id", ids.Select(_ => (string?)null).ToArray()),
            RawColumn.Timestamps("timestamp", ids.Select(_ => (DateTime?)T0).ToArray()),
            RawColumn.Strings("event_type", ids.Select(_ => (string?)"x").ToArray()));

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ReadAllAsync(file));

        Assert.Equal(100, error.Issues.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long?)i), error.Issues.Select(i => i.Row));
    }

    [Fact]
    public async Task ReadAsync_BadRowsUnderCollect_RecordsEveryIssue()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        var ids = Enumerable.Range(0, 250).Select(i => (string?)$"e{i}").ToArray();
        await RawParquet.WriteAsync(
            file,
            RawColumn.Strings("event_id", ids),
            RawColumn.Strings("user_id", ids.Select((_, i) => i % 2 == 0 ? null : "u").ToArray()),
            RawColumn.Timestamps("timestamp", ids.Select(_ => (DateTime?)T0).ToArray()),
            RawColumn.Strings("event_type", ids.Select(_ => (string?)"x").ToArray()));
        var options = new EventReadOptions { OnError = ErrorPolicy.Collect };

        var read = await ReadAllAsync(file, options);

        Assert.Equal(125, read.Count);
        Assert.Equal(125, options.Summary.Issues.Count);
        Assert.Equal(125, options.Summary.RowsRejected);
    }

    [Fact]
    public async Task ReadAsync_OptionalColumnsAbsent_ReadsNulls()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await RawParquet.WriteAsync(
            file,
            RawColumn.Strings("event_type", "x"),
            RawColumn.Timestamps("timestamp", T0),
            RawColumn.Strings("user_id", "u1"),
            RawColumn.Strings("event_id", "e1"),
            RawColumn.Longs("value", 7),
            RawColumn.Strings("extra", "ignored"));

        var read = await ReadAllAsync(file);

        Assert.Equal([new UserEvent("e1", "u1", T0, "x", null, 7, null)], read);
    }

    private static Task WriteAsync(string path, params UserEvent[] events) => EventFiles.WriteAsync(path, events);

    private static Task<List<UserEvent>> ReadAllAsync(string path, EventReadOptions? options = null) =>
        EventFiles.ReadAllAsync(path, options);
}
