using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Training.Examples;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Examples;

/// <summary>
/// The API's logged no-send decisions, read back with <c>--decision-log</c>, are control rows exactly like the world's
/// own <c>decision_no_send</c> events: the world's held-out decisions moved from the events into a decision log give the
/// same training rows, bit for bit, whichever way the pipeline reads the events.
/// </summary>
public sealed class DecisionLogExamplesTests(SyntheticWorld world) : IClassFixture<SyntheticWorld>, IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Held_out_decisions_moved_from_the_events_to_a_decision_log_give_the_same_rows_in_the_same_order()
    {
        var (events, log, noSends) = await SplitAsync(world.AllEvents);

        var sink = new CollectingSink();
        var summary = await Run(events, [log], sink);

        Assert.Null(summary.Partitioned);
        Assert.Equal(Expected().Select(Key), sink.Rows.Select(Key));
        Assert.Equal(world.AllEvents.LongCount(), summary.Events);
        Assert.True(noSends > 100, $"only {noSends} held-out decisions in the world");
        var logged = summary.DecisionLog!;
        Assert.Equal((noSends, noSends, noSends, 0L, 0L, 0L), (logged.Decisions, logged.NoSends, logged.ControlRows, logged.ControlRowsAlreadyInEvents, logged.Sends, logged.UsersWithoutEvents));
        Assert.Equal(summary.Examples.Control, sink.Rows.Count(r => r.Arm == ExampleArm.Control));
    }

    [Fact]
    public async Task Events_not_grouped_by_user_go_through_the_partitions_with_the_log_to_the_same_rows()
    {
        var (events, log, noSends) = await SplitAsync(world.AllEvents.OrderBy(e => e.Timestamp));

        var sink = new CollectingSink();
        var summary = await Run(events, [log], sink, new ExamplePipelineOptions { Partitions = 5, TempDirectory = _temp.Path, ChunkEvents = 3_000 });

        Assert.Contains("not grouped by user", summary.Partitioned, StringComparison.Ordinal);
        Assert.Equal(Expected().Select(Key).Order(StringComparer.Ordinal), sink.Rows.Select(Key).Order(StringComparer.Ordinal));
        Assert.Equal(noSends, summary.DecisionLog!.ControlRows);
    }

    [Fact]
    public async Task A_log_whose_decisions_the_events_already_hold_adds_nothing()
    {
        var (_, log, noSends) = await SplitAsync(world.AllEvents);
        var events = _temp.File("all-events.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents);

        var sink = new CollectingSink();
        var summary = await Run(events, [log], sink);

        Assert.Equal(Expected().Select(Key), sink.Rows.Select(Key));
        Assert.Equal((0L, noSends), (summary.DecisionLog!.ControlRows, summary.DecisionLog.ControlRowsAlreadyInEvents));
    }

    [Fact]
    public async Task A_user_only_the_log_knows_is_replayed_last_from_an_empty_history()
    {
        var (events, log, _) = await SplitAsync(world.AllEvents);
        var newcomer = WorldDecisions.FromWorld(
            new UserEvent("x", "zz-newcomer", new DateTime(2026, 1, 20, 8, 0, 0, DateTimeKind.Utc), EventTypes.DecisionNoSend, world.Catalog.Messages[0].Id,
                null, """{"decision_id":"zz-d1","propensity":0.25}"""),
            [.. world.Catalog.Messages.Select(m => m.Id)]);
        await DecisionLogTestFile.WriteFolderAsync(Path.Combine(log, "extra"), [newcomer]);

        var sink = new CollectingSink();
        var summary = await Run(events, [log, Path.Combine(log, "extra")], sink);

        var last = sink.Rows[^1];
        Assert.Equal(("zz-newcomer", world.Catalog.Messages[0].Id, ExampleArm.Control, "zz-d1", 0.25, false), (last.UserId, last.MessageId, last.Arm, last.DecisionId, last.Propensity, last.LabelGoal));
        Assert.Equal(Expected().Select(Key), sink.Rows.SkipLast(1).Select(Key));
        Assert.Equal(world.Users.Count + 1, summary.Users);
        Assert.Equal(1, summary.DecisionLog!.UsersWithoutEvents);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The world's events without its held-out decisions, and a log folder holding those decisions as the API logs them.</summary>
    private async Task<(string Events, string Log, long NoSends)> SplitAsync(IEnumerable<UserEvent> all)
    {
        var events = _temp.File($"events-{Guid.NewGuid():N}.parquet");
        var log = _temp.File($"log-{Guid.NewGuid():N}");
        var noSends = all.Where(e => e.EventType == EventTypes.DecisionNoSend).ToList();
        await SyntheticWorld.WriteEventsAsync(events, all.Where(e => e.EventType != EventTypes.DecisionNoSend));

        // Logged in another order than the events' and split over files: the rows must not depend on either.
        var ids = world.Catalog.Messages.Select(m => m.Id).ToList();
        await DecisionLogTestFile.WriteFolderAsync(log, [.. noSends.Select(e => WorldDecisions.FromWorld(e, ids)).Reverse()], files: 3);
        return (events, log, noSends.Count);
    }

    private async Task<ExampleRunSummary> Run(string events, IReadOnlyList<string> logs, CollectingSink sink, ExamplePipelineOptions? options = null)
    {
        var log = await DecisionLogEvents.ReadAsync(logs);
        return await ExamplePipeline.RunAsync(
            new ExampleJob(events, world.Catalog, world.Schema, world.Profiles, log), _ => ValueTask.FromResult<IExampleSink>(sink), options);
    }

    private List<TrainingExample> Expected()
    {
        var builder = new ExampleBuilder(world.Catalog, world.Schema);
        var block = new ExampleBlock(world.Schema.Count, 1_024);
        foreach (var events in world.Users)
        {
            builder.Build(events, world.Profiles[events[0].UserId], block);
        }

        return block.Rows().ToList();
    }

    /// <summary>Everything of a row in one comparable string, features bit for bit.</summary>
    private static string Key(TrainingExample r) =>
        $"{r.UserId}|{r.MessageId}|{r.SentAt.Ticks}|{r.Arm}|{r.DecisionId}|{r.Propensity:R}|{r.LabelGoal}|{r.LabelUnsubscribe}|" +
        string.Join(',', r.Features.Select(f => BitConverter.SingleToInt32Bits(f)));
}
