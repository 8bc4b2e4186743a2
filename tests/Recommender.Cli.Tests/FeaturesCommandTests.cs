using System.Globalization;
using Parquet;
using Recommender.Data;
using Recommender.Data.Catalog;

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
        Assert.Matches("^[0-9a-f]{64}$", reader.CustomMetadata["recommender.feature_schema.hash"]);

        // One row per message_sent (treatment) and per decision_no_send (control) that names a catalog message,
        // counted here straight from the generated events' columns.
        var (treatment, control) = await CountDecisionsAsync(folder.Path);
        Assert.Equal(treatment + control, reader.RowGroups.Sum(g => g.RowCount));
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"wrote {treatment + control:N0} examples ({treatment:N0} treatment, {control:N0} control;"),
            features.Output, StringComparison.Ordinal);
        Assert.True(treatment > 0 && control > 0, $"the generated world has {treatment} sends and {control} held-out decisions");
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

    /// <summary>The distinct events of <c>events.parquet</c> that decide on a catalog message: sends and held-out decisions.</summary>
    private static async Task<(long Treatment, long Control)> CountDecisionsAsync(string data)
    {
        var catalog = CatalogJson.Load(Path.Combine(data, "catalog.json")).Messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long treatment = 0, control = 0;
        await using var reader = await ParquetReader.CreateAsync(Path.Combine(data, "events.parquet"));
        var fields = reader.Schema.DataFields.ToDictionary(f => f.Name);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var ids = await StringsAsync(group, fields["event_id"]);
            var types = await StringsAsync(group, fields["event_type"]);
            var messages = await StringsAsync(group, fields["message_id"]);
            for (var i = 0; i < ids.Length; i++)
            {
                // The pipeline drops repeated event ids; a decision counts once.
                if (seen.Add(ids[i]!) && messages[i] is { } message && catalog.Contains(message))
                {
                    treatment += types[i] == "message_sent" ? 1 : 0;
                    control += types[i] == "decision_no_send" ? 1 : 0;
                }
            }
        }

        return (treatment, control);
    }

    private static async Task<string?[]> StringsAsync(ParquetRowGroupReader group, Parquet.Schema.DataField field)
    {
        var values = new string?[checked((int)group.RowCount)];
        await group.ReadAsync(field, values.AsMemory(), null, default);
        return values;
    }
}
