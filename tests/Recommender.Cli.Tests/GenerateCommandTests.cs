namespace Recommender.Cli.Tests;

/// <summary><c>recommender generate</c> pointed at a folder that already holds data.</summary>
public sealed class GenerateCommandTests
{
    [Fact]
    public async Task A_folder_holding_a_data_folder_is_refused_unless_told_to_overwrite()
    {
        // Before: a real log imported into the folder was replaced by a synthetic world without a word.
        using var folder = new TempFolder();
        var data = Repository.CopyDataSamples(folder.File("mine"));
        var before = await File.ReadAllBytesAsync(Path.Combine(data, "events.parquet"));

        var refused = await CliProcess.RunAsync("generate", "--users", "20", "--days", "10", "--seed", "3", "--out", data);

        Assert.True(refused.ExitCode == 1, refused.All);
        Assert.Contains("already holds a data folder (events.parquet, profiles.parquet, catalog.json)", refused.All, StringComparison.Ordinal);
        Assert.Contains("--overwrite", refused.All, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(data, "events.parquet")));

        var replaced = await CliProcess.RunAsync("generate", "--users", "20", "--days", "10", "--seed", "3", "--out", data, "--overwrite");

        Assert.True(replaced.ExitCode == 0, replaced.All);
        Assert.NotEqual(before.Length, new FileInfo(Path.Combine(data, "events.parquet")).Length);
    }

    [Fact]
    public async Task Overwriting_a_world_without_oracle_leaves_no_oracle_of_the_world_before()
    {
        // Before: seed 1's oracle.parquet stayed beside seed 2's world, and train read it as that world's truth.
        using var folder = new TempFolder();
        var first = await CliProcess.RunAsync("generate", "--users", "20", "--days", "10", "--seed", "1", "--oracle", "--out", folder.Path);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(File.Exists(folder.File("oracle.parquet")));

        var second = await CliProcess.RunAsync("generate", "--users", "20", "--days", "10", "--seed", "2", "--out", folder.Path, "--overwrite");

        Assert.True(second.ExitCode == 0, second.All);
        Assert.False(File.Exists(folder.File("oracle.parquet")));
        Assert.True(File.Exists(folder.File("events.parquet")));
    }

    [Fact]
    public async Task An_empty_or_unrelated_folder_is_written_into()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("notes.txt"), "kept");

        var run = await CliProcess.RunAsync("generate", "--users", "20", "--days", "10", "--seed", "3", "--out", folder.Path);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.True(File.Exists(folder.File("events.parquet")));
        Assert.Equal("kept", await File.ReadAllTextAsync(folder.File("notes.txt")));
    }
}
