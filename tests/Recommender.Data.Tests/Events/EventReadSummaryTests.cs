using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Data.Tests.Events;

public sealed class EventReadSummaryTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ReadAsync_RepeatedEventIds_SkipsAndCountsThemAcrossFiles()
    {
        using var temp = new TempFolder();
        var folder = await TwoFilesAsync(
            temp,
            [
                new UserEvent("e1", "u1", T0, "x"),
                new UserEvent("e2", "u1", T0.AddHours(1), "y"),
                new UserEvent("e1", "u1", T0.AddHours(2), "z"),
            ],
            [
                new UserEvent("e2", "u2", T0.AddHours(3), "x"),
                new UserEvent("e3", "u2", T0.AddHours(4), "x"),
            ]);
        var options = new EventReadOptions();

        var read = await ReadAllAsync(folder, options);

        Assert.Equal(["e1", "e2", "e3"], read.Select(e => e.EventId));
        Assert.Equal(["x", "y", "x"], read.Select(e => e.EventType));
        var summary = options.Summary;
        Assert.Equal(5, summary.RowsRead);
        Assert.Equal(3, summary.EventsReturned);
        Assert.Equal(2, summary.DuplicatesSkipped);
        Assert.Equal(0, summary.RowsRejected);
        Assert.Empty(summary.Issues);
    }

    [Fact]
    public async Task ReadAsync_RepeatedIdsKept_ReturnsEveryRowForAConsumerThatDeduplicatesItself()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await WriteAsync(
            file,
            new UserEvent("e1", "u1", T0, "x"),
            new UserEvent("e1", "u1", T0.AddHours(1), "y"),
            new UserEvent("e2", "u1", T0.AddHours(2), "z"));
        var options = new EventReadOptions { SkipRepeatedIds = false };

        var read = await ReadAllAsync(file, options);

        Assert.Equal(["e1", "e1", "e2"], read.Select(e => e.EventId));
        Assert.Equal(0, options.Summary.DuplicatesSkipped);
        Assert.Equal(3, options.Summary.EventsReturned);
    }

    [Fact]
    public async Task ReadAsync_RepeatsWithinUserRuns_SkipsARedeliveryWithinItsUserAcrossFilesAndKeepsAnIdAnotherUserCarries()
    {
        using var temp = new TempFolder();
        var folder = await TwoFilesAsync(
            temp,
            [
                new UserEvent("e1", "u1", T0, "x"),
                new UserEvent("e2", "u1", T0.AddHours(1), "y"),
                new UserEvent("e1", "u1", T0.AddHours(1), "x"),
            ],
            [
                new UserEvent("e2", "u1", T0.AddHours(1), "y"),
                new UserEvent("e2", "u2", T0.AddHours(3), "x"),
                new UserEvent("e3", "u2", T0.AddHours(4), "x"),
                new UserEvent("e3", "u2", T0.AddHours(4), "x"),
            ]);
        var options = new EventReadOptions { RepeatsWithinUserRuns = true };

        var read = await ReadAllAsync(folder, options);

        // u1's run spans both files; u2's e2 is another user's event, not a redelivery of u1's.
        Assert.Equal([("u1", "e1"), ("u1", "e2"), ("u2", "e2"), ("u2", "e3")], read.Select(e => (e.UserId, e.EventId)));
        Assert.Equal(3, options.Summary.DuplicatesSkipped);
        Assert.Equal(4, options.Summary.EventsReturned);
    }

    [Fact]
    public async Task ReadAsync_Summary_CountsTypesAndTimestampRange()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await WriteAsync(
            file,
            new UserEvent("e1", "u1", T0.AddDays(2), "x"),
            new UserEvent("e2", "u1", T0, "y"),
            new UserEvent("e3", "u1", T0.AddDays(1), "x"));
        var options = new EventReadOptions();

        await ReadAllAsync(file, options);

        var summary = options.Summary;
        Assert.Equal(T0, summary.MinTimestamp);
        Assert.Equal(T0.AddDays(2), summary.MaxTimestamp);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 2, ["y"] = 1 }, summary.EventTypeCounts);
        Assert.Equal([file], summary.Files);
    }

    [Fact]
    public async Task ReadAsync_OptionsReused_SummaryDescribesOnlyTheLastRead()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        await WriteAsync(file, new UserEvent("e1", "u1", T0, "x"));
        var options = new EventReadOptions();

        await ReadAllAsync(file, options);
        await ReadAllAsync(file, options);

        Assert.Equal(1, options.Summary.EventsReturned);
        Assert.Equal(0, options.Summary.DuplicatesSkipped);
        Assert.Single(options.Summary.Files);
    }

    private static Task WriteAsync(string path, params UserEvent[] events) => EventFiles.WriteAsync(path, events);

    /// <summary>A folder of two event files, a.parquet then b.parquet: one table read in file order.</summary>
    private static async Task<string> TwoFilesAsync(TempFolder temp, UserEvent[] first, UserEvent[] second)
    {
        var folder = temp.File("events");
        Directory.CreateDirectory(folder);
        await WriteAsync(Path.Combine(folder, "a.parquet"), first);
        await WriteAsync(Path.Combine(folder, "b.parquet"), second);
        return folder;
    }

    private static Task<List<UserEvent>> ReadAllAsync(string path, EventReadOptions? options = null) =>
        EventFiles.ReadAllAsync(path, options);
}
