using System.Text.Json;

namespace Recommender.Cli.Tests;

/// <summary><c>recommender train</c> as a data scientist runs it.</summary>
public sealed class TrainCommandTests
{
    [Fact]
    public async Task Training_on_the_sample_writes_a_bundle_and_prints_the_validation_metrics()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("models/sample");

        var result = await CliProcess.RunAsync("train", "--data", Repository.DataSamples, "--out", bundle, "--seed", "7");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("propensity", result.Output);
        Assert.Contains("fatigue", result.Output);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bundle, "manifest.json")));
        Assert.Equal(7, manifest.RootElement.GetProperty("parameters").GetProperty("seed").GetInt32());
        Assert.Equal(14, manifest.RootElement.GetProperty("parameters").GetProperty("validation_days").GetInt32());
        Assert.Contains("negative sampling: off (auto:", result.Output);
        Assert.Equal(1, manifest.RootElement.GetProperty("negative_sampling").GetProperty("rate").GetDouble());
    }

    [Fact]
    public async Task A_negative_rate_samples_and_says_so_loudly()
    {
        using var folder = new TempFolder();
        var bundle = folder.File("models/sampled");

        var result = await CliProcess.RunAsync("train", "--data", Repository.DataSamples, "--out", bundle, "--seed", "7", "--negative-rate", "0.5");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("negative sampling: ON (--negative-rate 0.5)", result.Output);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bundle, "manifest.json")));
        Assert.Equal(0.5, manifest.RootElement.GetProperty("negative_sampling").GetProperty("rate").GetDouble());
        Assert.Equal("option", manifest.RootElement.GetProperty("negative_sampling").GetProperty("chosen").GetString());
    }

    [Fact]
    public async Task A_catalog_goal_the_log_never_shows_exits_one_naming_it()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "150", "--days", "20", "--seed", "5", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);
        var catalog = folder.File("catalog.json");
        await File.WriteAllTextAsync(catalog, (await File.ReadAllTextAsync(catalog)).Replace("\"goal_event\": \"report_exported\"", "\"goal_event\": \"never_happens\"", StringComparison.Ordinal));

        var result = await CliProcess.RunAsync("train", "--data", folder.Path, "--out", folder.File("bundle"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'never_happens'", result.All);
        Assert.False(Directory.Exists(folder.File("bundle")));
    }

    [Theory]
    [InlineData(new[] { "train", "--data", "data-samples" }, "--out is required: the bundle folder to write")]
    [InlineData(new[] { "train", "--out", "x" }, "--data is required: the data folder to learn from")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--min-positives", "0" }, "--min-positives must be positive (got 0).")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--uplift-source", "magic" }, "--uplift-source must be auto, control, not-chosen or none (got 'magic').")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--fatigue-prior", "1.5" }, "--fatigue-prior must be in [0, 1) (got 1.5).")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--propensity-leaves", "1" }, "--propensity-leaves must be at least 2 (got 1).")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--validation-days", "0" }, "--validation-days must be positive")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--negative-rate", "0" }, "--negative-rate must be auto or a number in (0, 1], e.g. 0.25 (got '0').")]
    [InlineData(new[] { "train", "--data", "data-samples", "--out", "x", "--negative-rate", "half" }, "--negative-rate must be auto or a number in (0, 1], e.g. 0.25 (got 'half').")]
    public async Task Missing_or_bad_arguments_exit_two_and_say_what_to_fix(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.All);
    }
}
