using System.Text.Json;
using Xunit.Abstractions;

namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// The soak's short variant (benchmarks/soak; the full one runs ten minutes and its figures are in docs/results.md):
/// half a minute of mixed load on a real server with the shipped bundle, without a single error, and the server's
/// memory within a bound.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortSoak_MixedLoad_NoErrors_MemoryBounded()
    {
        using var folder = new TempFolder();
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var soak = Path.Combine(Repository.Root, "benchmarks", "soak", "bin", here.Parent!.Name, here.Name, "recommender-soak.dll");
        var summaryPath = folder.File("soak.json");

        // A store time limit of 5 s: on two cores shared with the rest of the test run a write can outlast the 250 ms
        // default (a 503, covered by StoreFaultTests); this variant is about errors and memory under mixed load.
        var result = await CliProcess.RunDllAsync(soak, ["--seconds", "30", "--interval", "10", "--workers", "6", "--out", summaryPath, "--store-timeout", "00:00:05"]);

        output.WriteLine(result.All);
        Assert.True(result.ExitCode == 0, $"the soak failed ({result.ExitCode}):\n{result.All}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        // A floor a crowded test machine still passes (the ten-minute run's throughput is in docs/results.md).
        Assert.True(root.GetProperty("requests").GetInt64() > 500, $"only {root.GetProperty("requests")} requests: the soak proved little");
        // Generous for half a minute of a server GC warming up on two shared cores; flatness is the ten-minute run's to show.
        Assert.True(root.GetProperty("rss_mb_max").GetDouble() < 1_500, $"the server grew to {root.GetProperty("rss_mb_max")} MB");
    }
}
