using Parquet;

namespace Recommender.Cli.Tests;

/// <summary><c>recommender features</c> as a user runs it.</summary>
public sealed class FeaturesCommandTests
{
    [Fact]
    public async Task Generated_folder_gives_a_labelled_examples_file_and_a_summary()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "120", "--days", "20", "--seed", "5", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);
        var output = folder.File("out/examples.parquet");

        var features = await CliProcess.RunAsync("features", "--data", folder.Path, "--out", output);

        Assert.True(features.ExitCode == 0, features.All);
        Assert.Contains("examples (", features.Output);
        Assert.False(File.Exists(output + ".partial"));
        await using var reader = await ParquetReader.CreateAsync(output);
        var names = reader.Schema.DataFields.Select(f => f.Name).ToList();
        Assert.Equal(["user_id", "message_id", "sent_at", "arm", "decision_id", "propensity"], names.Take(6));
        Assert.Equal(["label_goal", "label_unsubscribe"], names.TakeLast(2));
        Assert.True(reader.RowGroups.Sum(g => g.RowCount) > 0);
        Assert.Matches("^[0-9a-f]{64}$", reader.CustomMetadata["recommender.feature_schema.hash"]);
    }

    [Theory]
    [InlineData(new[] { "features", "--out", "x.parquet" }, "--data is required")]
    [InlineData(new[] { "features", "--data", "somewhere" }, "--out is required")]
    [InlineData(new[] { "features", "--data", "somewhere", "--out", "x.parquet", "--workers", "0" }, "--workers positive")]
    public async Task Missing_or_bad_arguments_exit_two_and_say_what_to_fix(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.All);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_corrupt_events_file_exits_one_names_the_file_and_leaves_no_output(bool eventTypesGiven)
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "30", "--days", "10", "--seed", "5", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);
        var events = folder.File("events.parquet");
        File.WriteAllText(events, "user_id,event_type\nu1,signed_up\n");
        var output = folder.File("examples.parquet");
        string[] typeArgs = eventTypesGiven ? ["--event-types", "task_created"] : [];

        var result = await CliProcess.RunAsync(["features", "--data", folder.Path, "--out", output, .. typeArgs]);

        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains(events, result.All);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task A_missing_data_folder_exits_one_and_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "recommender-tests", "no-data-" + Guid.NewGuid().ToString("N"));

        var result = await CliProcess.RunAsync("features", "--data", missing, "--out", Path.Combine(missing, "x.parquet"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.All);
    }
}
