namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// How <c>serve</c> ends. A background service that fails after start stops the host; before, <c>serve</c> then
/// exited with 0, as after a requested stop, so a supervisor restarting on failure only left the server down. It now
/// exits with 1 and names the service and its error on standard error; SIGTERM still exits with 0.
/// </summary>
public sealed class ServeExitTests
{
    /// <summary>
    /// The decision log folder replaced by a file while a log file is open in it: the writer's row groups still go to the
    /// open file, but closing it (renaming <c>.parquet.tmp</c> to <c>.parquet</c>) cannot succeed, and that error is not
    /// one the writer counts away. Two rows a file make the close come with the second decision, with no timing involved.
    /// </summary>
    [Fact]
    public async Task ServeWhoseDecisionLogWriterFailsAfterStart_ExitsWith1NamingIt()
    {
        using var scenario = new Scenario();
        var environment = scenario.Environment;
        environment["DecisionLog__RowGroupSize"] = "1";
        environment["DecisionLog__MaxRowsPerFile"] = "2";
        var logFolder = Path.Combine(scenario.Folder, "decision-log");
        await using var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(scenario.Folder, "state.db"), scenario.Folder, environment);

        await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u1"}""");
        await WaitForAsync(() => Directory.Exists(logFolder) && Directory.EnumerateFiles(logFolder, "*.parquet.tmp").Any(), server);
        Directory.Delete(logFolder, recursive: true);
        await File.WriteAllTextAsync(logFolder, "not a folder");
        await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");

        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(server.ExitCode == 1, $"serve exited with {server.ExitCode}, expected 1:\n{server.Output}");
        Assert.Contains("error: the server stopped because its background service DecisionLogWriter failed: ", server.StandardError, StringComparison.Ordinal);
        Assert.Contains(logFolder, server.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A requested stop is no failure: exit 0 and nothing on standard error, the log drained into a file.</summary>
    [Fact]
    public async Task ServeStoppedBySigterm_ExitsWith0()
    {
        using var scenario = new Scenario();
        await using var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(scenario.Folder, "state.db"), scenario.Folder, scenario.Environment);
        await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u1"}""");

        await server.StopAsync();

        Assert.True(server.ExitCode == 0, $"serve exited with {server.ExitCode}, expected 0:\n{server.Output}");
        Assert.Equal("", server.StandardError);
        Assert.Single(Directory.GetFiles(Path.Combine(scenario.Folder, "decision-log"), "*.parquet"));
    }

    private static async Task WaitForAsync(Func<bool> condition, ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The decision log writer opened no file in 30 s:\n{server.Output}");
            }

            await Task.Delay(50);
        }
    }
}
