using System.Text;
using System.Text.Json;

namespace Recommender.Api.FunctionalTests.Planning;

/// <summary>
/// <c>recommender plan</c> decides with the API's own code: every row of a plan of the sample audience is, byte for byte,
/// what <c>POST /v1/decisions</c> of a real server answers for the same user, instant and decision id, and what the
/// batch endpoint answers for it. The plan is made from the data folder (history before the instant); the servers
/// bootstrap the same folder, whose events all lie before it.
/// </summary>
public sealed class PlanParityTests
{
    /// <summary>A day after the sample's last event (2026-03-06), at noon UTC.</summary>
    private const string At = "2026-03-07T12:00:00Z";

    [Fact]
    public async Task EveryRowOfThePlan_IsTheSingleEndpointsAnswer_AndTheBatchEndpointsAnswer_ForTheSameUserInstantAndId()
    {
        using var folder = new TempFolder();
        var planPath = folder.File("plan.parquet");
        var plan = await CliProcess.RunDllAsync(Repository.CliDll,
            "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", At, "--out", planPath);
        Assert.True(plan.ExitCode == 0, plan.All);
        Assert.Contains("no send was recorded", plan.All, StringComparison.Ordinal);
        var rows = await PlanTestFile.ReadAsync(planPath);
        Assert.Equal(2_000, rows.Count);
        Assert.Equal(2_000, rows.Select(r => r.UserId).Distinct().Count());
        // The sample's audience at noon gets some sends and some "send nothing": a plan of one kind would prove less.
        Assert.InRange(rows.Count(r => r.MessageId is not null), 50, 1_950);
        foreach (var row in rows)
        {
            // The scalar columns are the decision's own fields.
            using var json = JsonDocument.Parse(row.Decision);
            var d = json.RootElement;
            Assert.Equal(row.UserId, d.GetProperty("user_id").GetString());
            Assert.Equal(row.DecisionId, d.GetProperty("decision_id").GetString());
            Assert.Equal(row.MessageId, d.GetProperty("message_id").GetString());
            Assert.Equal(row.Reason, d.GetProperty("reason").GetString());
            Assert.Equal(row.Propensity, d.GetProperty("propensity").GetDouble());
            Assert.Equal(row.ModelVersion, d.GetProperty("model_version").GetString());
            Assert.Equal(row.AsOf, d.GetProperty("as_of").GetDateTime().ToUniversalTime());
        }

        var environment = new Dictionary<string, string>
        {
            ["Bootstrap__Path"] = Repository.DataSamples,
            ["Model__Path"] = Repository.SampleModel,
            ["Store__Timeout"] = "00:00:10",
        };

        // One server answers one request per user.
        var singleFolder = Directory.CreateDirectory(folder.File("single")).FullName;
        await using (var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(singleFolder, "state.db"), singleFolder, environment))
        {
            var answers = new string[rows.Count];
            await Parallel.ForAsync(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var body = JsonSerializer.Serialize(new { user_id = rows[i].UserId, as_of = At, decision_id = rows[i].DecisionId });
                using var response = await server.Client.PostAsync("/v1/decisions", new StringContent(body, Encoding.UTF8, "application/json"), ct);
                answers[i] = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.IsSuccessStatusCode, answers[i]);
            });

            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(rows[i].Decision, answers[i]);
            }
        }

        // Another server, bootstrapped alike, answers the same requests in batches of 1,000 (the default limit), each
        // with two bad entries that get their own problems while the others are decided.
        var batchFolder = Directory.CreateDirectory(folder.File("batch")).FullName;
        await using (var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(batchFolder, "state.db"), batchFolder, environment))
        {
            foreach (var part in rows.Chunk(998))
            {
                var entries = new List<object> { new { user_id = "" }, new { user_id = "someone", as_of = "yesterday" } };
                entries.AddRange(part.Select(r => (object)new { user_id = r.UserId, as_of = At, decision_id = r.DecisionId }));
                using var response = await server.Client.PostAsync("/v1/decisions/batch",
                    new StringContent(JsonSerializer.Serialize(entries), Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, text);
                using var answer = JsonDocument.Parse(text);
                var decisions = answer.RootElement.GetProperty("decisions").EnumerateArray().ToList();
                Assert.Equal(entries.Count, decisions.Count);
                Assert.Equal(["user_id", "as_of"], decisions.Take(2).Select(e =>
                {
                    Assert.Equal(JsonValueKind.Null, e.GetProperty("decision").ValueKind);
                    Assert.Equal(400, e.GetProperty("problem").GetProperty("status").GetInt32());
                    return e.GetProperty("problem").GetProperty("errors")[0].GetProperty("field").GetString();
                }));
                for (var i = 0; i < part.Length; i++)
                {
                    Assert.Equal(i + 2, decisions[i + 2].GetProperty("index").GetInt32());
                    Assert.Equal(JsonValueKind.Null, decisions[i + 2].GetProperty("problem").ValueKind);
                    Assert.Equal(part[i].Decision, decisions[i + 2].GetProperty("decision").GetRawText());
                }
            }
        }
    }

    /// <summary>
    /// The same with a look-ahead (issue #18): a plan of 300 users of the sample with <c>--look-ahead-hours 24</c> holds, per
    /// row, what <c>POST /v1/decisions</c> with <c>"send_time": {"look_ahead_hours": 24}</c> answers, and what the batch
    /// endpoint answers, byte for byte; its <c>send_at</c> and <c>channel</c> columns are the answer's.
    /// </summary>
    [Fact]
    public async Task EveryRowOfALookAheadPlan_IsTheSingleEndpointsAnswer_AndTheBatchEndpointsAnswer_WithTheSameLookAhead()
    {
        using var folder = new TempFolder();
        var usersPath = folder.File("users.txt");
        var sample = await PlanTestFile.ReadAsync(await PlanOfSampleAsync(folder));
        await File.WriteAllLinesAsync(usersPath, sample.Select(r => r.UserId).Take(300));
        var planPath = folder.File("lookahead.parquet");
        var plan = await CliProcess.RunDllAsync(Repository.CliDll,
            "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", At, "--users", usersPath,
            "--look-ahead-hours", "24", "--out", planPath);
        Assert.True(plan.ExitCode == 0, plan.All);
        var rows = await PlanTestFile.ReadAsync(planPath);
        Assert.Equal(300, rows.Count);
        var scheduled = rows.Count(r => r.SendAt is { } t && t > DateTime.Parse(At, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime());
        Assert.True(scheduled > 0, "no send of the plan waits for a later hour: the look-ahead would prove little");
        foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row.Decision);
            var d = json.RootElement;
            Assert.Equal(d.TryGetProperty("send_at", out var sendAt) ? sendAt.GetDateTime().ToUniversalTime() : null, row.SendAt);
            Assert.Equal(d.TryGetProperty("channel", out var channel) ? channel.GetString() : null, row.Channel);
        }

        var environment = new Dictionary<string, string>
        {
            ["Bootstrap__Path"] = Repository.DataSamples,
            ["Model__Path"] = Repository.SampleModel,
            ["Store__Timeout"] = "00:00:10",
        };
        var lookAhead = new { look_ahead_hours = 24 };

        var singleFolder = Directory.CreateDirectory(folder.File("single")).FullName;
        await using (var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(singleFolder, "state.db"), singleFolder, environment))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var body = JsonSerializer.Serialize(new { user_id = rows[i].UserId, as_of = At, decision_id = rows[i].DecisionId, send_time = lookAhead });
                using var response = await server.Client.PostAsync("/v1/decisions", new StringContent(body, Encoding.UTF8, "application/json"));
                var answer = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, answer);
                Assert.Equal(rows[i].Decision, answer);
            }
        }

        var batchFolder = Directory.CreateDirectory(folder.File("batch")).FullName;
        await using (var server = await ServerProcess.StartAsync("sqlite:" + Path.Combine(batchFolder, "state.db"), batchFolder, environment))
        {
            var entries = rows.Select(r => (object)new { user_id = r.UserId, as_of = At, decision_id = r.DecisionId, send_time = lookAhead }).ToList();
            using var response = await server.Client.PostAsync("/v1/decisions/batch", new StringContent(JsonSerializer.Serialize(entries), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            using var answer = JsonDocument.Parse(text);
            var decisions = answer.RootElement.GetProperty("decisions").EnumerateArray().ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(rows[i].Decision, decisions[i].GetProperty("decision").GetRawText());
            }
        }
    }

    /// <summary>A dry "now only" plan of the whole sample, for its audience's ids.</summary>
    private static async Task<string> PlanOfSampleAsync(TempFolder folder)
    {
        var path = folder.File("sample.parquet");
        var plan = await CliProcess.RunDllAsync(Repository.CliDll,
            "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", At, "--out", path);
        Assert.True(plan.ExitCode == 0, plan.All);
        return path;
    }
}
