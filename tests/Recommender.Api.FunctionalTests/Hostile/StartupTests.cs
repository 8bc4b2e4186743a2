namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// Finding 8 of issue #14: <c>serve --model</c> without a catalog reported itself live and then refused every decision.
/// It now refuses to start, naming what to fix: with exit code 1 and the message, not a stack trace.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task ServeWithABundleButNoCatalog_RefusesToStart()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            "sqlite:" + folder.File("state.db"), folder.Path, new Dictionary<string, string> { ["Model__Path"] = Repository.SampleModel }));
        Assert.Contains("no catalog serves", error.Message, StringComparison.Ordinal);
        AssertCleanRefusal(error.Message);
    }

    /// <summary>A folder that is no bundle: the server stops at start-up naming it, as a setting to fix.</summary>
    [Fact]
    public async Task ServeWithAFolderThatIsNoBundle_RefusesToStartNamingIt()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            "sqlite:" + folder.File("state.db"), folder.Path, new Dictionary<string, string>
            {
                ["Model__Path"] = folder.Path,
                ["Catalog__Path"] = Path.Combine(Repository.DataSamples, "catalog.json"),
            }));
        Assert.Contains($"'{folder.Path}' is not a model bundle: it has no manifest.json", error.Message, StringComparison.Ordinal);
        AssertCleanRefusal(error.Message);
    }

    /// <summary>
    /// A store path that holds something else (a Parquet table) or is a folder: the
    /// server stops at start-up naming the path and what --store wants, with exit code 1; before, each was an
    /// "unexpected error" with a stack trace (exit 3). The file is left as it was.
    /// </summary>
    [Theory]
    [InlineData("parquet", "cannot be used (SQLite Error 26: 'file is not a database')")]
    [InlineData("folder", "is a folder; the store is one database file")]
    public async Task ServeOnAStorePathThatIsNoStateDatabase_RefusesToStartNamingIt(string kind, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("state.db");
        switch (kind)
        {
            case "parquet":
                File.Copy(Path.Combine(Repository.DataSamples, "events.parquet"), path);
                break;
            default:
                Directory.CreateDirectory(path);
                break;
        }

        var before = File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync("sqlite:" + path, folder.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        AssertCleanRefusal(error.Message);
        if (before is not null)
        {
            Assert.Equal(before, await File.ReadAllBytesAsync(path));
        }
    }

    /// <summary>
    /// A setting out of range, a setting not of its type, a decision log folder that cannot be made: the server stops at
    /// start-up naming the setting, with exit code 1; before, each was an "unexpected error" with a stack trace (exit 3),
    /// and the log folder's only after the server had begun answering.
    /// </summary>
    [Theory]
    [InlineData("Store__Timeout", "-00:00:01", "error: Store:Timeout must be between 10 ms and 60 s.")]
    [InlineData("Store__SqliteCacheUsers", "abc", "error: Failed to convert configuration value 'abc' at 'Store:SqliteCacheUsers' to type 'System.Int32'.")]
    [InlineData("DecisionLog__Compression", "lz77", "at 'DecisionLog:Compression'")]
    [InlineData("DecisionLog__Folder", "UNDER-A-FILE", "error: DecisionLog:Folder '")]
    public async Task ServeWithASettingItCannotUse_RefusesToStartNamingIt(string key, string value, string expected)
    {
        using var folder = new TempFolder();
        if (value == "UNDER-A-FILE")
        {
            // A folder cannot be made inside a file.
            await File.WriteAllTextAsync(folder.File("a-file"), "");
            value = Path.Combine(folder.File("a-file"), "log");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            "sqlite:" + folder.File("state.db"), folder.Path, new Dictionary<string, string> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertCleanRefusal(error.Message);
    }

    /// <summary>
    /// A bootstrap into a store that does not answer (Redis not running here; a full disk under SQLite fails the same
    /// way): the server stops naming the store and why, with exit code 1; before, an "unexpected error" with the whole
    /// stack trace (exit 3).
    /// </summary>
    [Fact]
    public async Task ServeBootstrappingIntoAStoreThatDoesNotAnswer_RefusesToStartNamingIt()
    {
        using var folder = new TempFolder();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            "redis:127.0.0.1:1", folder.Path, new Dictionary<string, string> { ["Bootstrap__Path"] = Repository.DataSamples }));

        Assert.Contains("error: The Redis store", error.Message, StringComparison.Ordinal);
        Assert.Contains("The server did not start: the bootstrap needs the store to answer and to have room.", error.Message, StringComparison.Ordinal);
        AssertCleanRefusal(error.Message);
    }

    /// <summary>Exit code 1 (a setting to fix) and the message alone: no stack trace, no "unexpected error".</summary>
    private static void AssertCleanRefusal(string output)
    {
        Assert.Contains("The server exited with 1:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
