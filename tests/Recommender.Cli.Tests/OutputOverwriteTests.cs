namespace Recommender.Cli.Tests;

/// <summary>An output file that is one of the command's inputs is refused before anything is written; the input is left as it was.</summary>
public sealed class OutputOverwriteTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData("events.parquet")]
    [InlineData("profiles.parquet")]
    [InlineData("catalog.json")]
    public async Task Features_refuses_to_write_its_examples_over_a_table_it_reads(string table)
    {
        // Before: `features --out DATA/events.parquet` replaced the events table with the examples.
        var data = Repository.CopyDataSamples(_temp.File("data"));
        var before = await File.ReadAllBytesAsync(Path.Combine(data, table));

        var run = await CliProcess.RunAsync("features", "--data", data, "--out", Path.Combine(data, "..", "data", table));

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains($"would overwrite {table} of the data folder this command reads (--data {data})", run.All, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(data, table)));
    }

    [Fact]
    public async Task Plan_refuses_to_write_its_plan_over_its_store_or_catalog()
    {
        var data = Repository.CopyDataSamples(_temp.File("data"));
        var catalog = Path.Combine(data, "catalog.json");
        var before = await File.ReadAllBytesAsync(catalog);
        string[] common = ["plan", "--model", Repository.SampleModel, "--at", "2026-03-07T12:00:00Z"];

        var overCatalog = await CliProcess.RunAsync([.. common, "--store", "sqlite:" + _temp.File("state.db"), "--catalog", catalog, "--out", catalog]);
        var overStore = await CliProcess.RunAsync([.. common, "--store", "sqlite:" + _temp.File("state.db"), "--catalog", catalog, "--out", _temp.File("state.db")]);

        Assert.True(overCatalog.ExitCode == 2, overCatalog.All);
        Assert.Contains("is the file this command reads as --catalog", overCatalog.All, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(catalog));
        Assert.True(overStore.ExitCode == 2, overStore.All);
        Assert.Contains("is the file this command reads as --store", overStore.All, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
