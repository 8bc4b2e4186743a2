using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// The crash suite: SIGKILLs of the real server (12 on SQLite, 8 on Redis) and of Redis itself (5), each in the middle
/// of a steady stream of event batches and decisions (<see cref="SteadyLoad"/>). Afterwards: every acknowledged event
/// is still there (posting them all again applies none), every complete decision-log file reads, and no two
/// acknowledged sends break the catalog's caps (one a day, five a week), even though most decisions named an
/// <c>as_of</c> up to two days back.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SqliteServer_KilledTwelveTimesUnderLoad_LosesNoAcknowledgedEvent_AndBreaksNoCap()
    {
        using var scenario = new Scenario();
        var store = "sqlite:" + Path.Combine(scenario.Folder, "state.db");
        var load = new SteadyLoad();
        var rng = new Random(12);
        for (var kill = 0; kill < 12; kill++)
        {
            await using var server = await ServerProcess.StartAsync(store, scenario.Folder, Environment(scenario));
            await RunThenKill(server, load, TimeSpan.FromMilliseconds(100 + rng.Next(800)));
        }

        await Verify(store, scenario, load, "SQLite, 12 server kills");
    }

    [SkippableFact]
    public async Task RedisServer_KilledEightTimes_AndRedisKilledFiveTimes_UnderLoad_LosesNoAcknowledgedEvent_AndBreaksNoCap()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var scenario = new Scenario();
        var store = "redis:" + redis.Address;
        var load = new SteadyLoad();
        var rng = new Random(8);
        for (var kill = 0; kill < 8; kill++)
        {
            await using var server = await ServerProcess.StartAsync(store, scenario.Folder, Environment(scenario));
            await RunThenKill(server, load, TimeSpan.FromMilliseconds(100 + rng.Next(800)));
        }

        await using (var server = await ServerProcess.StartAsync(store, scenario.Folder, Environment(scenario)))
        {
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(server.Client.BaseAddress!, ServerProcess.ClientKey, stop.Token);
            for (var kill = 0; kill < 5; kill++)
            {
                await UnderWay(load);
                await Task.Delay(100 + rng.Next(800));
                await redis.KillAsync();
                await Task.Delay(300 + rng.Next(500));
                await redis.StartAgainAsync();
            }

            await Task.Delay(1500);
            await stop.CancelAsync();
            await running;
            await server.StopAsync();
        }

        await Verify(store, scenario, load, "Redis, 8 server kills and 5 Redis kills");
    }

    private static Dictionary<string, string> Environment(Scenario scenario)
    {
        var environment = scenario.Environment;
        environment["Store__RedisKeyPrefix"] = "crash:";
        // On two cores shared with the rest of the test run a write can outlast the 250 ms default (a 503, covered by
        // StoreFaultTests); this suite is about what survives a kill, so writes get time to finish.
        environment["Store__Timeout"] = "00:00:05";
        return environment;
    }

    /// <summary>Load until the server has acknowledged a few dozen more events (however slow the machine), then kill it a moment later.</summary>
    private static async Task RunThenKill(ServerProcess server, SteadyLoad load, TimeSpan after)
    {
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(server.Client.BaseAddress!, ServerProcess.ClientKey, stop.Token);
        await UnderWay(load);
        await Task.Delay(after);
        await server.KillAsync();
        await stop.CancelAsync();
        await running;
    }

    /// <summary>Waits (at most 20 s) until 60 more events were acknowledged: the kill then lands in a stream, not before one.</summary>
    private static async Task UnderWay(SteadyLoad load)
    {
        var target = load.AcknowledgedEvents.Count + 60;
        var waited = Stopwatch.StartNew();
        while (load.AcknowledgedEvents.Count < target && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }
    }

    private async Task Verify(string store, Scenario scenario, SteadyLoad load, string what)
    {
        var watch = Stopwatch.StartNew();
        await using var server = await ServerProcess.StartAsync(store, scenario.Folder, Environment(scenario));

        // Every acknowledged event again: a lost one would be applied now.
        var events = load.AcknowledgedEvents.ToList();
        Assert.True(events.Count > 500, $"only {events.Count} events acknowledged: the load proved little");
        var applied = 0;
        foreach (var chunk in events.Chunk(500))
        {
            var result = await Scenario.PostAsync(server.Client, "/v1/events", "[" + string.Join(",", chunk) + "]", retryUnavailable: true);
            applied += result.GetProperty("applied").GetInt32();
        }

        // Caps over the acknowledged sends: one a day and five a week per user.
        var violations = new List<string>();
        foreach (var user in load.AcknowledgedSends.GroupBy(s => s.User))
        {
            var times = user.Select(s => s.At).Order().ToList();
            for (var i = 0; i < times.Count; i++)
            {
                if (i > 0 && times[i] - times[i - 1] < TimeSpan.FromDays(1))
                {
                    violations.Add($"{user.Key}: sends at {times[i - 1]:O} and {times[i]:O}");
                }

                if (times.Count(t => t >= times[i] && t < times[i].AddDays(7)) > 5)
                {
                    violations.Add($"{user.Key}: more than 5 sends in the week from {times[i]:O}");
                }
            }
        }

        // One decision of this last, gracefully stopped server: its log file is complete for certain.
        await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"after-the-crashes"}""");
        await server.StopAsync();
        // Every complete decision-log file (the crashes leave *.tmp files behind, which readers skip) must read.
        var logged = await DecisionLogTestFile.ReadAllAsync([Path.Combine(scenario.Folder, "decision-log")]);

        output.WriteLine($"{what}: {events.Count} acknowledged events, {applied} lost; {load.AcknowledgedSends.Count} acknowledged sends, " +
            $"{violations.Count} cap violations; {logged.Count} decisions in complete log files; load errors: " +
            string.Join(", ", load.Errors.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}")) + $"; verified in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, applied);
        Assert.Empty(violations);
        Assert.True(load.AcknowledgedSends.Count > 5, "no decision sent anything: the caps were never tested");
        Assert.DoesNotContain(load.Errors.Keys, k => k.Contains(": ", StringComparison.Ordinal));
        Assert.NotEmpty(logged);
    }
}
