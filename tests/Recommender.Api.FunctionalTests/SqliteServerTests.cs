using System.Text.Json;

namespace Recommender.Api.FunctionalTests;

public sealed class SqliteServerTests
{
    [Fact]
    public async Task RealServer_PostEventsDecide_CrashAndRestart_StateIsIntact()
    {
        using var scenario = new Scenario();
        var store = "sqlite:" + Path.Combine(scenario.Folder, "state.db");
        var t = DateTime.UtcNow.AddHours(-3);
        JsonElement before;
        string firstId, secondId;
        await using (var server = await ServerProcess.StartAsync(store, scenario.Folder, scenario.Environment))
        {
            var ingest = await Scenario.PostAsync(server.Client, "/v1/events",
                Scenario.Events([("e1", "u1", t, "project_created"), ("e2", "u1", t.AddMinutes(5), "teammate_invited"), ("e3", "u2", t, "project_created")]));
            Assert.Equal(3, ingest.GetProperty("applied").GetInt32());

            // u2 has created a project, so the message whose goal that is no longer applies.
            var decision = await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");
            Assert.Equal("tips", decision.GetProperty("message_id").GetString());
            firstId = decision.GetProperty("decision_id").GetString()!;
            before = await Scenario.GetAsync(server.Client, "/v1/users/u2");
            Assert.Equal(2, before.GetProperty("events_applied").GetInt64());

            // A crash, not a stop: only what was durable when the API answered survives.
            await server.KillAsync();
        }

        await using (var server = await ServerProcess.StartAsync(store, scenario.Folder, scenario.Environment))
        {
            var after = await Scenario.GetAsync(server.Client, "/v1/users/u2");
            Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
            Assert.Equal(2, after.GetProperty("events_applied").GetInt64());
            Assert.Equal(2, (await Scenario.GetAsync(server.Client, "/v1/users/u1")).GetProperty("events_applied").GetInt64());

            var repeat = await Scenario.PostAsync(server.Client, "/v1/events", Scenario.Events([("e1", "u1", t, "project_created")]));
            Assert.Equal(1, repeat.GetProperty("duplicates").GetInt32());

            // The send recorded before the crash still counts: "tips" went out today and the cap is one a day; "welcome"
            // is out for good, its goal (project_created) having been reached.
            var second = await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");
            Assert.Equal(JsonValueKind.Null, second.GetProperty("message_id").ValueKind);
            Assert.Equal(
                ["tips cap_overall: all messages: 1 sent in 24 h, cap 1", "welcome goal_reached: the user has already reached the goal 'project_created'"],
                second.GetProperty("suppressed").EnumerateArray()
                    .Select(s => $"{s.GetProperty("message_id").GetString()} {s.GetProperty("rule").GetString()}: {s.GetProperty("detail").GetString()}")
                    .Order(StringComparer.Ordinal));
            secondId = second.GetProperty("decision_id").GetString()!;

            await server.StopAsync();
        }

        // The graceful stop drained the decision log into a complete Parquet file holding the second run's decision. The
        // first run's decision was in a file still open at the crash (a file closes after 10 minutes or 100,000 rows by
        // default), and a crash loses that file, as the writer documents: the second decision is the log's only row.
        var logged = await DecisionLogTestFile.ReadAllAsync([Path.Combine(scenario.Folder, "decision-log")]);
        Assert.Equal([secondId], logged.Select(d => d.DecisionId));
        Assert.NotEqual(firstId, secondId);
    }
}
