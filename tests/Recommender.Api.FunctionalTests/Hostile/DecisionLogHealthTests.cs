namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// A decision log that cannot be written (its disk full; here its folder replaced by a file before the first row):
/// decisions are still answered and the rows counted as lost, and readiness now says "Degraded" with why, still 200;
/// before, it said "Healthy" while every row was lost.
/// </summary>
public sealed class DecisionLogHealthTests
{
    [Fact]
    public async Task A_decision_log_that_cannot_be_written_makes_readiness_degraded_and_decisions_go_on()
    {
        using var scenario = new Scenario();
        var environment = scenario.Environment;
        environment["DecisionLog__RowGroupSize"] = "1";
        var logFolder = Path.Combine(scenario.Folder, "decision-log");
        await using var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(scenario.Folder, "state.db"), scenario.Folder, environment);
        Assert.Equal("Healthy", await server.Client.GetStringAsync("/health/ready"));
        Directory.Delete(logFolder, recursive: true);
        await File.WriteAllTextAsync(logFolder, "not a folder");

        await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u1"}""");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage ready;
        while ((ready = await server.Client.GetAsync("/health/ready")).Content is var body && await body.ReadAsStringAsync() != "Degraded")
        {
            Assert.True(DateTime.UtcNow < deadline, $"readiness never said Degraded:\n{server.Output}");
            await Task.Delay(100);
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        // Still answered (PostAsync asserts a success status).
        var decision = await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");
        Assert.Equal("u2", decision.GetProperty("user_id").GetString());
    }
}
