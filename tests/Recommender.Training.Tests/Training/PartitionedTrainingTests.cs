using Recommender.Data;
using Recommender.Training.Examples;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// <c>features --partition i/N</c> on N machines, then <c>train --examples</c> on one: the same bundle as training on
/// the events, and a clear refusal of every set of shards that would not give it.
/// </summary>
public sealed class PartitionedTrainingTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    [Fact]
    public async Task Three_shards_train_a_bundle_identical_to_training_on_the_events()
    {
        var shards = trained.Scratch("shards");
        var summaries = new List<ExampleRunSummary>();
        for (var i = 0; i < 3; i++)
        {
            var job = await FeaturesJob.OpenAsync(trained.Data);
            summaries.Add(await job.WriteShardAsync(shards, new UserPartition(i, 3)));
        }

        var bundle = trained.Scratch("from-shards");
        var result = await new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, bundle);

        // Each shard holds a real part of the users; together they are every user once.
        Assert.All(summaries, s => Assert.InRange(s.Users, 1, trained.Result.Examples.Users - 1));
        Assert.Equal(trained.Result.Examples.Users, summaries.Sum(s => s.Users));
        Assert.Equal(trained.Result.Examples.Examples.Rows, result.Examples.Examples.Rows);

        // ML.NET stamps its zip entries with the time of writing; every other file must be the same bytes, manifest included.
        var files = Directory.GetFiles(trained.Bundle).Select(Path.GetFileName).Where(f => !f!.EndsWith(".zip", StringComparison.Ordinal)).ToArray();
        Assert.Contains("propensity.forest", files);
        Assert.Contains("manifest.json", files);
        foreach (var file in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(trained.Bundle, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(bundle, file!))),
                $"{file} differs between training on the events and on three shards");
        }
    }

    [Fact]
    public async Task A_missing_shard_is_named_with_the_command_that_builds_it()
    {
        var shards = trained.Scratch("partial");
        var job = await FeaturesJob.OpenAsync(trained.Data);
        await job.WriteShardAsync(shards, new UserPartition(0, 3));
        await job.WriteShardAsync(shards, new UserPartition(2, 3));

        var error = await Assert.ThrowsAsync<TrainingDataException>(
            () => new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, trained.Scratch("none")));

        Assert.Contains("part-0001-of-0003", error.Message, StringComparison.Ordinal);
        Assert.Contains("--partition 1/3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_built_with_the_time_features_are_refused_by_training_without_them_and_the_fix_is_named()
    {
        var shards = trained.Scratch("time-features");
        var job = await FeaturesJob.OpenAsync(trained.Data, new FeaturesOptions { TimeAndChannelFeatures = true });
        await job.WriteShardAsync(shards, new UserPartition(0, 1));

        var error = await Assert.ThrowsAsync<TrainingDataException>(
            () => new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, trained.Scratch("none")));

        Assert.Contains("another feature schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("--time-features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_of_two_partition_counts_are_refused()
    {
        var shards = trained.Scratch("mixed");
        var job = await FeaturesJob.OpenAsync(trained.Data);
        await job.WriteShardAsync(shards, new UserPartition(0, 1));
        await job.WriteShardAsync(shards, new UserPartition(1, 2));

        var error = await Assert.ThrowsAsync<TrainingDataException>(
            () => new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, trained.Scratch("none")));

        Assert.Contains("mixes shards of 1 and 2 partitions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_of_other_data_are_refused_and_no_bundle_is_written()
    {
        var other = trained.Scratch("other-data");
        TrainingData.CopyInputs(trained.Data, other);
        await TrainingData.FilterEventsAsync(other, e => !e.UserId.EndsWith('7'));
        var shards = trained.Scratch("other-shards");
        var job = await FeaturesJob.OpenAsync(other);
        await job.WriteShardAsync(shards, UserPartition.All);
        var bundle = trained.Scratch("none");

        var error = await Assert.ThrowsAsync<TrainingDataException>(
            () => new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, bundle));

        Assert.Contains("was built from other data", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public async Task An_empty_examples_folder_names_the_features_command()
    {
        var empty = trained.Scratch("empty");
        Directory.CreateDirectory(empty);

        var error = await Assert.ThrowsAsync<TrainingDataException>(
            () => new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunOnShardsAsync(trained.Data, empty, trained.Scratch("none")));

        Assert.Contains("recommender features --data DIR --partition i/N", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/0")]
    [InlineData("3/3")]
    [InlineData("a/b")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("1/2/3")]
    public void A_partition_that_is_not_i_of_n_is_refused_with_what_was_expected(string text)
    {
        var error = Assert.Throws<FormatException>(() => UserPartition.Parse(text));

        Assert.Contains("--partition", error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partitions_split_users_by_a_stable_hash_into_disjoint_parts_that_cover_everyone()
    {
        var users = Enumerable.Range(0, 3_000).Select(i => $"u{i:D6}").ToArray();
        var parts = Enumerable.Range(0, 3).Select(i => users.Where(new UserPartition(i, 3).Contains).ToArray()).ToArray();

        Assert.Equal(users.Length, parts.Sum(p => p.Length));
        Assert.Equal(users.Length, parts.SelectMany(p => p).Distinct().Count());
        Assert.All(parts, p => Assert.InRange(p.Length, 800, 1_200));
        Assert.Equal(new UserPartition(1, 3), UserPartition.Parse("1/3"));
    }
}
