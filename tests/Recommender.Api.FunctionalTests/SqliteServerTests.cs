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
        await using (var server = await ServerProcess.StartAsync(store, scenario.Folder, scenario.Environment))
        {
            var ingest = await Scenario.PostAsync(server.Client, "/v1/events",
                Scenario.Events([("e1", "u1", t, "project_created"), ("e2", "u1", t.AddMinutes(5), "teammate_invited"), ("e3", "u2", t, "project_created")]));
            Assert.Equal(3, ingest.GetProperty("applied").GetInt32());

            // u2 has created a project, so the message whose goal that is no longer applies.
            var decision = await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");
            Assert.Equal("tips", decision.GetProperty("message_id").GetString());
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

            var second = await Scenario.PostAsync(server.Client, "/v1/decisions", """{"user_id":"u2"}""");
            Assert.Equal(JsonValueKind.Null, second.GetProperty("message_id").ValueKind);
            Assert.NotEmpty(second.GetProperty("suppressed").EnumerateArray());

            await server.StopAsync();
        }

        // The graceful stop drained the decision log into a complete Parquet file.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(scenario.Folder, "decision-log"), "decisions-*.parquet"));
    }
}
