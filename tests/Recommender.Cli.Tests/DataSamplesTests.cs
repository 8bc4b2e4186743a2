namespace Recommender.Cli.Tests;

/// <summary>The committed sample is exactly what its documented command makes: nothing edited by hand, nothing stale.</summary>
public sealed class DataSamplesTests
{
    [Fact]
    public async Task Regenerating_the_sample_with_its_command_gives_identical_files()
    {
        var samples = Repository.DataSamples;
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync("generate", "--users", "2000", "--days", "60", "--seed", "7", "--out", folder.Path);

        Assert.True(result.ExitCode == 0, result.All);
        foreach (var file in new[] { "events.parquet", "profiles.parquet", "catalog.json" })
        {
            var committed = await File.ReadAllBytesAsync(Path.Combine(samples, file));
            var regenerated = await File.ReadAllBytesAsync(folder.File(file));
            Assert.True(committed.AsSpan().SequenceEqual(regenerated), $"data-samples/{file} differs from a fresh generate; regenerate it (see data-samples/README.md)");
        }
    }
}
