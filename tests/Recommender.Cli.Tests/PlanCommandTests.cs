using System.Text.Json.Nodes;

namespace Recommender.Cli.Tests;

/// <summary><c>recommender plan</c> refusing an input an operator has to fix: the message alone, exit code 1.</summary>
public sealed class PlanCommandTests
{
    /// <summary>
    /// A catalog other than the one the bundle was trained with (a message retired since) gives another feature schema:
    /// the plan stops at start-up naming the bundle and both schemas. Before, the host's own error log printed the whole
    /// stack trace above that message.
    /// </summary>
    [Fact]
    public async Task A_catalog_other_than_the_models_is_refused_without_a_stack_trace()
    {
        using var folder = new TempFolder();
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.DataSamples, "catalog.json")))!;
        var messages = catalog["messages"]!.AsArray();
        messages.RemoveAt(messages.Count - 1);
        var catalogFile = folder.File("catalog.json");
        await File.WriteAllTextAsync(catalogFile, catalog.ToJsonString());

        var result = await CliProcess.RunAsync(
            "plan", "--data", Repository.DataSamples, "--catalog", catalogFile, "--model", Repository.SampleModel,
            "--at", "2026-03-01T12:00:00Z", "--out", folder.File("plan.csv"), "--dry-run");

        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains("was trained on feature schema", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("plan.csv")));
    }

    /// <summary>
    /// A plan from a data folder at an instant long after its last event decides on every user's state as it was at the
    /// export's end. Before, nothing said so; now a warning names the folder's latest event and the gap, and a plan at
    /// the folder's end has none.
    /// </summary>
    [Theory]
    [InlineData("2026-05-01T12:00:00Z", true)]
    [InlineData("2026-03-07T12:00:00Z", false)]
    public async Task A_plan_long_after_its_datas_last_event_says_so(string at, bool warned)
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(
            "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", at, "--out", folder.File("plan.csv"), "--dry-run");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(warned, result.All.Contains("days before " + at[..10], StringComparison.Ordinal));
    }

    /// <summary>
    /// A plan from a data folder loads each user's history up to --at whatever the machine's time zone. Before, the
    /// instant went through the configuration as text and came back as local time, compared with the events' UTC ticks:
    /// in New York the plan lost five hours of history (other decisions), east of Greenwich it loaded the future.
    /// </summary>
    [Fact]
    public async Task A_plan_from_data_is_the_same_in_every_time_zone()
    {
        using var folder = new TempFolder();
        var plans = new List<byte[]>();
        var outputs = new List<string>();
        foreach (var zone in new[] { "UTC", "America/New_York", "Asia/Kolkata" })
        {
            var plan = folder.File($"plan-{zone.Replace('/', '-')}.csv");
            var result = await CliProcess.RunWithEnvironmentAsync(
                new Dictionary<string, string> { ["TZ"] = zone },
                "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", "2026-03-05T18:00:00Z", "--out", plan, "--dry-run");
            Assert.True(result.ExitCode == 0, result.All);
            plans.Add(await File.ReadAllBytesAsync(plan));
            outputs.Add(result.All);
        }

        Assert.All(plans, plan => Assert.Equal(plans[0], plan));
        Assert.All(outputs, output => Assert.Contains("at or after 2026-03-05T18:00:00.0000000Z were not loaded", output, StringComparison.Ordinal));
    }
}
