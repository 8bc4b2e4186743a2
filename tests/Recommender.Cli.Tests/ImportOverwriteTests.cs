namespace Recommender.Cli.Tests;

/// <summary>
/// <c>recommender import</c> into a folder that already holds data: a folder no import wrote is refused unless
/// <c>--overwrite</c>, and then nothing of the old data stays beside the imported tables; an earlier import's folder is
/// written over as before, its hand-written catalog.json kept.
/// </summary>
public sealed class ImportOverwriteTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_generated_folder_is_refused_and_left_as_it_was()
    {
        // Before: the sample's 127,000 events were replaced by the export's two, beside the sample's catalog.json.
        var data = SampleCopy();
        var events = await File.ReadAllBytesAsync(Path.Combine(data, "events.parquet"));

        var import = await ImportCsv(data);

        Assert.True(import.ExitCode == 1, import.All);
        Assert.Contains("already holds a data folder that no import wrote (events.parquet, profiles.parquet, catalog.json, oracle.parquet)", import.All, StringComparison.Ordinal);
        Assert.Contains("--overwrite", import.All, StringComparison.Ordinal);
        Assert.Equal(events, await File.ReadAllBytesAsync(Path.Combine(data, "events.parquet")));
        Assert.False(File.Exists(Path.Combine(data, "events.parquet.partial")));
    }

    [Fact]
    public async Task Overwrite_replaces_it_and_leaves_no_table_catalog_or_oracle_of_the_old_data()
    {
        var data = SampleCopy();

        var import = await ImportCsv(data, "--overwrite");

        Assert.True(import.ExitCode == 0, import.All);
        Assert.False(File.Exists(Path.Combine(data, "catalog.json")), "the sample's catalog would describe messages this log never sent");
        Assert.False(File.Exists(Path.Combine(data, "oracle.parquet")), "train would read another world's oracle as this log's truth");
        Assert.True(File.Exists(Path.Combine(data, "catalog.draft.json")));
        Assert.Contains("2 events", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_earlier_imports_folder_is_written_over_and_keeps_its_catalog()
    {
        var data = _temp.File("mine");
        var first = await ImportCsv(data);
        Assert.True(first.ExitCode == 0, first.All);
        const string catalog = """{ "messages": [ { "id": "welcome", "category": "onboarding", "channel": "email", "goal_event": "project_created" } ] }""";
        await File.WriteAllTextAsync(Path.Combine(data, "catalog.json"), catalog);

        var again = await ImportCsv(data);

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(catalog, await File.ReadAllTextAsync(Path.Combine(data, "catalog.json")));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A generated data folder: the sample's tables and catalog, and an oracle as generate --oracle writes one.</summary>
    private string SampleCopy()
    {
        var data = Repository.CopyDataSamples(_temp.File("world"));
        File.WriteAllText(Path.Combine(data, "oracle.parquet"), "stands in for an oracle: only its presence matters here");
        return data;
    }

    private Task<CliResult> ImportCsv(string output, params string[] extra)
    {
        var export = _temp.File("events.csv");
        File.WriteAllLines(export, ["user,ts,event,campaign", "u1,2026-03-01T10:00:00Z,message_sent,welcome", "u1,2026-03-01T12:00:00Z,project_created,"]);
        return CliProcess.RunAsync(["import", "csv", "--in", export, "--out", output, "--user", "user", "--time", "ts", "--type", "event", "--message", "campaign", .. extra]);
    }
}
