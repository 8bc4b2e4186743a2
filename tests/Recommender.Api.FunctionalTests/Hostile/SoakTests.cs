using System.Text.Json;
using Xunit.Abstractions;

namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// The soak's short variant (benchmarks/soak; the full one runs ten minutes and its figures are in docs/results.md):
/// half a minute of mixed load on a real server with the shipped bundle, with no error but the rare 503 of a store
/// write that outran Store:Timeout on a crowded machine, and the server's memory within a bound.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortSoak_MixedLoad_NoErrorsButRare503s_MemoryBounded()
    {
        using var folder = new TempFolder();
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var soak = Path.Combine(Repository.Root, "benchmarks", "soak", "bin", here.Parent!.Name, here.Name, "recommender-soak.dll");
        var summaryPath = folder.File("soak.json");

        var result = await CliProcess.RunDllAsync(soak, ["--seconds", "30", "--interval", "10", "--workers", "6", "--out", summaryPath]);

        output.WriteLine(result.All);
        Assert.True(result.ExitCode == 0, $"the soak failed ({result.ExitCode}):\n{result.All}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        // Every error is a 503 (the store's time limit, on a crowded machine, and retryable), and those are rare.
        Assert.Equal(root.GetProperty("unavailable").GetInt64(), root.GetProperty("errors").GetInt64());
        Assert.True(root.GetProperty("unavailable").GetInt64() <= root.GetProperty("requests").GetInt64() / 1000, "more than 0.1 % of requests answered 503");
        Assert.True(root.GetProperty("requests").GetInt64() > 3_000, $"only {root.GetProperty("requests")} requests: the soak proved little");
        // Generous for half a minute of a server GC warming up on two shared cores; flatness is the ten-minute run's to show.
        Assert.True(root.GetProperty("rss_mb_max").GetDouble() < 1_500, $"the server grew to {root.GetProperty("rss_mb_max")} MB");
    }
}
