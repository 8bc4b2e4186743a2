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
}
