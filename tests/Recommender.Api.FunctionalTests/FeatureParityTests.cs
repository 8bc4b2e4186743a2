using System.Globalization;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Events;
using Recommender.Data.Profiles;

namespace Recommender.Api.FunctionalTests;

/// <summary>
/// The parity check across the process boundary: a generated log, ingested by the real server through
/// <c>POST /v1/events</c>, gives at logged decision instants exactly the features that the <c>recommender features</c>
/// command computes offline (read back from its Parquet file) for the same user, message and instant.
/// </summary>
public sealed class FeatureParityTests : IDisposable
{
    private const int UsersCompared = 4;
    private const int InstantsPerUser = 3;

    private readonly TempFolder _temp = new();

    /// <summary>Runs a <c>recommender</c> command as a data scientist would, failing the test with its output if it fails.</summary>
    private static async Task RunCli(params string[] args)
    {
        var result = await CliProcess.RunDllAsync(Repository.CliDll, args);
        Assert.True(result.ExitCode == 0, $"recommender {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.All}");
    }

    /// <param name="timeFeatures">
    /// With the features of when and where the user engages (<c>--time-features</c>): the server then serves a bundle
    /// trained with them on data-samples, as the sample bundle is trained without them.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IngestedLog_GivesTheFeaturesCommandsFeatures_AtLoggedDecisionInstants(bool timeFeatures)
    {
        // 30 days: the whole log lies inside the state's exact horizon, so every logged instant is answerable online.
        var data = _temp.File("data");
        await RunCli("generate", "--users", "200", "--days", "30", "--seed", "11", "--out", data);
        var examplesPath = _temp.File("examples.parquet");
        string[] time = timeFeatures ? ["--time-features"] : [];
        await RunCli(["features", "--data", data, "--out", examplesPath, .. time]);
        var model = Repository.SampleModel;
        if (timeFeatures)
        {
            model = _temp.File("bundle-time");
            await RunCli(["train", "--data", Repository.DataSamples, "--out", model, "--seed", "8", .. time]);
        }

        var examples = await ExamplesFile.ReadAsync(examplesPath);

        // The offline command writes one row per logged decision, before the send is applied: those are the instants
        // to compare. Online, the state answers exactly from a week before the user's latest event on (it keeps exact
        // instants for the 30-day windows plus a week for late events), so the instants are taken from the last six
        // days of each user's log: a few users with several decisions there, their first, middle and last one.
        var folder = DataFolder.Open(data);
        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath))
        {
            events.AddRange(batch.Events);
        }

        var latest = events.GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Max(e => e.Timestamp), StringComparer.Ordinal);
        var chosen = examples.GroupBy(r => r.UserId)
            .Select(g => g.Where(r => r.SentAt >= latest[g.Key].AddDays(-6)).OrderBy(r => r.SentAt).ToList())
            .Where(rows => rows.Count >= InstantsPerUser)
            .OrderBy(rows => rows[0].UserId, StringComparer.Ordinal).Take(UsersCompared)
            .SelectMany(rows => new[] { rows[0], rows[rows.Count / 2], rows[^1] })
            .ToList();
        var users = chosen.Select(r => r.UserId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(UsersCompared, users.Count);

        // The server knows every profile and the other users' events from its bootstrap; the compared users' events
        // reach it only through the HTTP API.
        var ingest = events.Where(e => users.Contains(e.UserId)).ToList();
        var bootstrap = await WriteBootstrapAsync(folder, events.Where(e => !users.Contains(e.UserId)));
        await using var server = await ServerProcess.StartAsync("sqlite:" + _temp.File("state.db"), _temp.Path, new Dictionary<string, string>
        {
            ["Bootstrap__Path"] = bootstrap,
            // The bundle trained on data-samples, a larger log of the same world: same catalog, event types and profile
            // columns, and vocabularies that cover these users' values, so its schema holds every column of the file.
            ["Model__Path"] = model,
        });
        foreach (var batch in ingest.OrderBy(e => e.Timestamp).Chunk(250))
        {
            var posted = await Scenario.PostAsync(server.Client, "/v1/events", EventsJson(batch));
            Assert.Equal(batch.Length, posted.GetProperty("applied").GetInt32());
        }

        var compared = 0;
        var distinctVectors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in chosen)
        {
            var asOf = row.SentAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            var response = await server.Client.GetAsync($"/v1/users/{row.UserId}?as_of={asOf}&message_id={row.MessageId}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {row.UserId} at {asOf}: {(int)response.StatusCode} {body}");
            var online = JsonDocument.Parse(body).RootElement;
            var features = online.GetProperty("features").GetProperty(row.MessageId);
            foreach (var (name, offline) in row.Features)
            {
                Assert.True(features.TryGetProperty(name, out var value), $"the API has no feature '{name}' (schema {online.GetProperty("schema_hash")})");
                // Exact: both sides run the same fold and extractor on the same events, so the floats are equal to the bit.
                var got = value.GetSingle();
                Assert.True(BitConverter.SingleToInt32Bits(offline) == BitConverter.SingleToInt32Bits(got),
                    $"{row.UserId} {row.MessageId} at {asOf}, {name}: offline {offline.ToString("R", CultureInfo.InvariantCulture)}, online {got.ToString("R", CultureInfo.InvariantCulture)}");
                compared++;
            }

            distinctVectors.Add(string.Join(',', row.Features.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }

        Assert.Equal(chosen.Sum(r => r.Features.Count), compared);
        Assert.Equal(timeFeatures, chosen[0].Features.ContainsKey("time.actions_at_hour_ratio"));
        // Vectors that all looked alike would prove little: the instants must see different histories.
        Assert.True(distinctVectors.Count >= chosen.Count - 1, $"only {distinctVectors.Count} distinct feature vectors in {chosen.Count} instants");
    }

    /// <summary>
    /// Point in time, across the process boundary: one user's plan changes by a dated profile row (read by the
    /// features command; applied by the server's bootstrap among the user's own events, in time order, so that the
    /// idempotency horizon does not turn the earlier events away), another's plan and industry by a profile_updated
    /// event (in the events table offline, posted to the API online), each between two of the user's logged decisions.
    /// Offline and online agree to the bit at every instant, and each decision sees the value of its own time.
    /// </summary>
    [Fact]
    public async Task A_profile_attribute_changing_between_two_decisions_is_seen_at_its_own_time_offline_and_online()
    {
        var data = _temp.File("data");
        await RunCli("generate", "--users", "200", "--days", "30", "--seed", "11", "--out", data);
        var folder = DataFolder.Open(data);
        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath))
        {
            events.AddRange(batch.Events);
        }

        var profiles = await ProfileParquetReader.ReadAsync(folder.ProfilesPath);
        var latest = events.GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Max(e => e.Timestamp), StringComparer.Ordinal);
        var decisions = events.Where(e => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && e.Timestamp >= latest[e.UserId].AddDays(-6))
            .GroupBy(e => e.UserId).Where(g => g.Select(e => e.Timestamp).Distinct().Count() >= 3)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Take(2).ToList();
        Assert.Equal(2, decisions.Count);
        var (byRow, byEvent) = (decisions[0].Key, decisions[1].Key);
        DateTime Middle(string user)
        {
            var times = decisions.Single(g => g.Key == user).Select(e => e.Timestamp).Distinct().Order().ToList();
            return times[0] + (times[^1] - times[0]) / 2;
        }

        string Other(string user) => new[] { "business", "free", "pro" }.First(p => p != profiles.Single(x => x.UserId == user).Plan);
        var (rowPlan, eventPlan) = (Other(byRow), Other(byEvent));

        // The dated row for one user; the profile_updated event for the other.
        var layout = ProfileTableLayout.Of(profiles) with { Dated = true };
        await using (var writer = await ProfileTableWriter.CreateAsync(folder.ProfilesPath, layout))
        {
            foreach (var p in profiles)
            {
                await writer.WriteAsync(p);
            }

            await writer.WriteAsync(new Core.Profiles.UserProfile(byRow, Plan: rowPlan), Middle(byRow));
        }

        var update = new UserEvent("pu-1", byEvent, Middle(byEvent), EventTypes.ProfileUpdated, null, null, $"{{\"plan\":\"{eventPlan}\",\"industry\":\"finance\"}}");
        var all = events.Append(update).OrderBy(e => e.UserId, StringComparer.Ordinal).ThenBy(e => e.Timestamp).ToList();
        await using (var writer = await EventParquetWriter.CreateAsync(folder.EventsPath))
        {
            await writer.WriteAsync(all);
        }

        var examplesPath = _temp.File("examples.parquet");
        await RunCli("features", "--data", data, "--out", examplesPath);
        var examples = await ExamplesFile.ReadAsync(examplesPath);
        var chosen = new[] { byRow, byEvent }
            .Select(u => examples.Where(r => r.UserId == u && r.SentAt >= latest[u].AddDays(-6)).OrderBy(r => r.SentAt).ToList())
            .SelectMany(rows => new[] { rows[0], rows[^1] })
            .ToList();

        var users = new HashSet<string>([byEvent], StringComparer.Ordinal);
        var bootstrap = await WriteBootstrapAsync(folder, all.Where(e => !users.Contains(e.UserId)));
        await using var server = await ServerProcess.StartAsync("sqlite:" + _temp.File("state.db"), _temp.Path, new Dictionary<string, string>
        {
            ["Bootstrap__Path"] = bootstrap,
            ["Model__Path"] = Repository.SampleModel,
        });
        foreach (var batch in all.Where(e => users.Contains(e.UserId)).OrderBy(e => e.Timestamp).Chunk(250))
        {
            var posted = await Scenario.PostAsync(server.Client, "/v1/events", EventsJson(batch));
            Assert.Equal(batch.Length, posted.GetProperty("applied").GetInt32());
        }

        foreach (var row in chosen)
        {
            var asOf = row.SentAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            var response = await server.Client.GetAsync($"/v1/users/{row.UserId}?as_of={asOf}&message_id={row.MessageId}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {row.UserId} at {asOf}: {(int)response.StatusCode} {body}");
            var online = JsonDocument.Parse(body).RootElement.GetProperty("features").GetProperty(row.MessageId);
            foreach (var (name, offline) in row.Features)
            {
                var got = online.GetProperty(name).GetSingle();
                Assert.True(BitConverter.SingleToInt32Bits(offline) == BitConverter.SingleToInt32Bits(got),
                    $"{row.UserId} {row.MessageId} at {asOf}, {name}: offline {offline.ToString("R", CultureInfo.InvariantCulture)}, online {got.ToString("R", CultureInfo.InvariantCulture)}");
            }
        }

        // Before the change each user has the plan of the undated row; after it, the new one.
        foreach (var (user, plan, first, last) in new[] { (byRow, rowPlan, chosen[0], chosen[1]), (byEvent, eventPlan, chosen[2], chosen[3]) })
        {
            var before = profiles.Single(p => p.UserId == user).Plan;
            Assert.Equal((1f, 0f), (first.Features[$"profile.plan={before}"], first.Features[$"profile.plan={plan}"]));
            Assert.Equal((0f, 1f), (last.Features[$"profile.plan={before}"], last.Features[$"profile.plan={plan}"]));
        }

        Assert.Equal(1f, chosen[3].Features["profile.cat.industry=finance"]);
    }

    public void Dispose() => _temp.Dispose();

    /// <returns>A bootstrap folder with the catalog, every profile and <paramref name="events"/>.</returns>
    private async Task<string> WriteBootstrapAsync(DataFolder data, IEnumerable<UserEvent> events)
    {
        var bootstrap = Directory.CreateDirectory(_temp.File("bootstrap")).FullName;
        File.Copy(data.CatalogPath, Path.Combine(bootstrap, DataFolder.CatalogFileName));
        File.Copy(data.ProfilesPath, Path.Combine(bootstrap, Path.GetFileName(data.ProfilesPath)));
        await using var writer = await EventParquetWriter.CreateAsync(Path.Combine(bootstrap, Path.GetFileName(data.EventsPath)));
        await writer.WriteAsync(events);
        return bootstrap;
    }

    private static string EventsJson(IEnumerable<UserEvent> events) => JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object?>
    {
        ["event_id"] = e.EventId,
        ["user_id"] = e.UserId,
        ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
        ["event_type"] = e.EventType,
        ["message_id"] = e.MessageId,
        ["value"] = e.Value,
        ["properties"] = e.Properties,
    }));
}
