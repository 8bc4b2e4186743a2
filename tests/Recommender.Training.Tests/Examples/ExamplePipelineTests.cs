using Parquet;
using Recommender.Core.Events;
using Recommender.Training.Examples;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Examples;

public sealed class ExamplePipelineTests(SyntheticWorld world) : IClassFixture<SyntheticWorld>, IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Grouped_input_streams_in_one_pass_to_the_rows_the_builder_gives_user_by_user()
    {
        var events = _temp.File("events.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents);
        var sink = new CollectingSink();

        var summary = await Run(events, sink, new ExamplePipelineOptions { Workers = 2, ChunkEvents = 2_000 });

        Assert.Null(summary.Partitioned);
        Assert.True(sink.Disposed);
        Assert.True(sink.BlockSizes.Count > 3, "the run should have been split into several chunks");
        Assert.Equal(Expected().Select(Key), sink.Rows.Select(Key));
        Assert.Equal(world.Users.Count, summary.Users);
        Assert.Equal(world.AllEvents.LongCount(), summary.Events);
        Assert.Equal(sink.Rows.Count, summary.Examples.Rows);
        Assert.Equal(0, summary.UsersWithoutProfile);
    }

    [Fact]
    public async Task The_output_does_not_depend_on_the_number_of_workers_or_the_chunk_size()
    {
        var events = _temp.File("events.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents);
        var one = new CollectingSink();
        var many = new CollectingSink();

        await Run(events, one, new ExamplePipelineOptions { Workers = 1, ChunksInFlight = 1, ChunkEvents = 100_000 });
        await Run(events, many, new ExamplePipelineOptions { Workers = 4, ChunksInFlight = 5, ChunkEvents = 700 });

        Assert.Equal(one.Rows.Select(Key), many.Rows.Select(Key));
    }

    [Fact]
    public async Task Input_not_grouped_by_user_is_detected_and_built_through_partitions_to_the_same_rows()
    {
        var events = _temp.File("events.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents.OrderBy(e => e.Timestamp));
        var sink = new CollectingSink();

        var summary = await Run(events, sink, new ExamplePipelineOptions { Partitions = 7, TempDirectory = _temp.Path, ChunkEvents = 3_000 });

        Assert.Contains("not grouped by user", summary.Partitioned, StringComparison.Ordinal);
        Assert.Equal(Expected().Select(Key).Order(), sink.Rows.Select(Key).Order());
        Assert.Equal(world.Users.Count, summary.Users);
        Assert.Single(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task Duplicate_deliveries_are_applied_once()
    {
        var events = _temp.File("events.parquet");
        var all = world.AllEvents.ToList();
        await SyntheticWorld.WriteEventsAsync(events, all.SelectMany((e, i) => i % 10 == 0 ? [e, e] : new[] { e }));
        var sink = new CollectingSink();

        var summary = await Run(events, sink, new ExamplePipelineOptions());

        Assert.Equal((all.Count + 9) / 10, summary.Read.DuplicatesSkipped);
        Assert.Equal(Expected().Select(Key), sink.Rows.Select(Key));
    }

    [Fact]
    public async Task Users_without_a_profile_are_counted_and_still_replayed()
    {
        var events = _temp.File("events.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents);
        var job = new ExampleJob(events, world.Catalog, world.Schema, world.Profiles.Skip(5).ToDictionary());
        var sink = new CollectingSink();

        var summary = await ExamplePipeline.RunAsync(job, _ => ValueTask.FromResult<IExampleSink>(sink));

        Assert.Equal(5, summary.UsersWithoutProfile);
        Assert.Equal(Expected().Count, sink.Rows.Count);
    }

    [Fact]
    public async Task The_parquet_file_has_keys_then_features_in_schema_order_then_labels_and_the_schema_hash()
    {
        var events = _temp.File("events.parquet");
        var output = _temp.File("examples.parquet");
        await SyntheticWorld.WriteEventsAsync(events, world.AllEvents);
        var job = new ExampleJob(events, world.Catalog, world.Schema, world.Profiles);

        var summary = await ExamplePipeline.RunAsync(job, async ct => await ExampleParquetWriter.CreateAsync(output, world.Schema, ct));

        await using var reader = await ParquetReader.CreateAsync(output);
        Assert.Equal(
            ["user_id", "message_id", "sent_at", "arm", "decision_id", "propensity", .. world.Schema.Names, "label_goal", "label_unsubscribe"],
            reader.Schema.DataFields.Select(f => f.Name));
        Assert.Equal(world.Schema.Hash, reader.CustomMetadata[ExampleColumns.SchemaHashKey]);
        Assert.Equal(summary.Examples.Rows, reader.RowGroups.Sum(g => g.RowCount));

        using var group = reader.OpenRowGroupReader(0);
        var rows = (int)group.RowCount;
        var arms = new string?[rows];
        await group.ReadAsync(reader.Schema.DataFields[3], arms.AsMemory());
        var feature = new float[rows];
        var index = world.Schema.IndexOf("msg.sends");
        await group.ReadAsync(reader.Schema.DataFields[6 + index], feature.AsMemory());
        var expected = Expected().Take(rows).ToList();
        Assert.Equal(expected.Select(r => ExampleColumns.ArmName(r.Arm)), arms);
        Assert.Equal(expected.Select(r => r.Features[index]), feature);
    }

    [Fact]
    public async Task A_missing_events_table_fails_with_the_path_named()
    {
        var missing = _temp.File("nowhere.parquet");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Run(missing, new CollectingSink(), new ExamplePipelineOptions()));

        Assert.Contains("nowhere.parquet", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private Task<ExampleRunSummary> Run(string events, CollectingSink sink, ExamplePipelineOptions options) =>
        ExamplePipeline.RunAsync(
            new ExampleJob(events, world.Catalog, world.Schema, world.Profiles), _ => ValueTask.FromResult<IExampleSink>(sink), options);

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
