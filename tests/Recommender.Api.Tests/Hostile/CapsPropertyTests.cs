using System.Globalization;
using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;
using Recommender.Core.Catalog;
using Recommender.Core.Randomness;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// The caps hold against any <c>as_of</c>: random interleavings of decisions with arbitrary <c>as_of</c> (three days
/// back to the skew ahead), callers' reports of those sends (some again under new event ids), sends callers made on
/// their own at arbitrary instants, other events and the clock moving, against one SQLite server and against two
/// replicas whose clocks disagree on one Redis (a single server, and a 3-master Redis Cluster). Every send a decision made is checked against every send the store
/// knew when it was made, in every window that contains it (before and after it): caps per day and week (overall,
/// channel, category), the minimum gap, the cooldown and the most sends ever.
/// </summary>
public sealed class CapsPropertyTests(RedisClusterFixture clusterFixture) : IClassFixture<RedisClusterFixture>
{
    private const int StepsPerCase = 40;
    private static readonly string[] Users = ["a", "b", "c"];

    private readonly RedisClusterFixture _cluster = clusterFixture;

    public static MessageCatalog Catalog() => new()
    {
        Messages =
        [
            new MessageDefinition { Id = "welcome", Category = MessageCategory.Onboarding, Channel = "email", GoalEvent = "g1", Value = 10, CooldownHours = 30 },
            new MessageDefinition { Id = "tips", Category = MessageCategory.Engagement, Channel = "push", GoalEvent = "g2", Value = 5, MaxSends = 2 },
            new MessageDefinition { Id = "promo", Category = MessageCategory.Marketing, Channel = "email", GoalEvent = "g3", Value = 3 },
        ],
        Policy = new ContactPolicy
        {
            Overall = new FrequencyCap { PerDay = 2, PerWeek = 4 },
            ChannelCaps = new Dictionary<string, FrequencyCap> { ["email"] = new() { PerDay = 1, PerWeek = 3 } },
            CategoryCaps = new Dictionary<MessageCategory, FrequencyCap> { [MessageCategory.Marketing] = new() { PerDay = 1, PerWeek = 1 } },
            MinGapHours = 3,
            QuietHours = null,
            ExplorationRate = 0.3,
            Support = new SupportSuppression { SuppressedCategories = [] },
            Holdout = new GlobalHoldout { Share = 0 },
        },
    };

    [Fact]
    public async Task OneSqliteServer_NoDecisionEverBreaksACap()
    {
        var sends = 0;
        for (var c = 0; c < 30; c++)
        {
            using var app = new ApiFactory(Catalog());
            sends += await RunCase(c, [new Replica(app.Client(), app.Time)]);
        }

        Assert.True(sends > 60, $"only {sends} sends in all cases: the property would prove little");
    }

    /// <summary>On the shared single redis-server, and on a 3-master Redis Cluster the test starts.</summary>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoReplicasOnOneRedisWithSkewedClocks_NoDecisionEverBreaksACap(bool cluster)
    {
        var redis = cluster ? (await _cluster.ClusterAsync()).Address : TestServices.RedisAddress();
        var sends = 0;
        for (var c = 0; c < 15; c++)
        {
            var settings = new Dictionary<string, string?>();
            settings["Store:Connection"] = "redis:" + redis;
            settings["Store:RedisKeyPrefix"] = $"caps:{Guid.NewGuid():N}:";
            using var a = new ApiFactory(Catalog(), settings);
            using var b = new ApiFactory(Catalog(), settings);
            // The second replica's clock runs behind by up to a minute.
            b.Time.Now = a.Time.Now.AddSeconds(-DeterministicRandom.For(77, (ulong)c).NextInt(60));
            sends += await RunCase(1000 + c, [new Replica(a.Client(), a.Time), new Replica(b.Client(), b.Time)]);
        }

        Assert.True(sends > 30, $"only {sends} sends in all cases: the property would prove little");
    }

    private sealed record Replica(HttpClient Client, ManualTime Time);

    private sealed record Send(DateTime At, string MessageId, string? DecisionId);

    private static async Task<int> RunCase(int seed, Replica[] replicas)
    {
        var rng = DeterministicRandom.For(2026_14, (ulong)seed);
        var catalog = Catalog();
        var known = Users.ToDictionary(u => u, _ => new List<Send>(), StringComparer.Ordinal);
        var apiSends = new List<(string User, Send Send)>();
        var log = new List<string>();
        for (var step = 0; step < StepsPerCase; step++)
        {
            var replica = replicas[rng.NextInt(replicas.Length)];
            var user = Users[rng.NextInt(Users.Length)];
            var now = replica.Time.Now.UtcDateTime;
            var at = now.AddMinutes(rng.NextInt(60 * 24 * 3 + 60 * 23) - 60 * 24 * 3);
            switch (rng.NextInt(10))
            {
                case < 5:
                {
                    var body = rng.NextInt(4) == 0 ? $$"""{"user_id":"{{user}}"}""" : $$"""{"user_id":"{{user}}","as_of":"{{Iso(at)}}"}""";
                    var d = await Post(replica.Client, "/v1/decisions", body);
                    log.Add($"{step}: decide {body} -> {d.GetProperty("message_id")} as of {d.GetProperty("as_of")}");
                    if (d.GetProperty("message_id").GetString() is { } message)
                    {
                        var send = new Send(d.GetProperty("as_of").GetDateTime().ToUniversalTime().AddTicks(-1), message, d.GetProperty("decision_id").GetString());
                        Check(catalog, known[user], send, $"seed {seed}, step {step}, user {user}:\n{string.Join('\n', log)}");
                        known[user].Add(send);
                        apiSends.Add((user, send));
                    }

                    break;
                }

                case < 7 when apiSends.Count > 0:
                {
                    // A caller reports one of the decided sends, at its own clock's idea of the instant, under a fresh event id.
                    var (reportUser, decided) = apiSends[rng.NextInt(apiSends.Count)];
                    var stamp = decided.At.AddSeconds(rng.NextInt(120) - 60);
                    var properties = JsonSerializer.Serialize(JsonSerializer.Serialize(new { decision_id = decided.DecisionId }));
                    var row = $$"""{"event_id":"r{{seed}}-{{step}}","user_id":"{{reportUser}}","timestamp":"{{Iso(stamp)}}","event_type":"message_sent","message_id":"{{decided.MessageId}}","properties":{{properties}}}""";
                    var r = await Post(replica.Client, "/v1/events", "[" + row + "]");
                    log.Add($"{step}: report {decided.DecisionId} of {reportUser} at {Iso(stamp)} -> applied {r.GetProperty("applied")}");
                    if (r.GetProperty("applied").GetInt32() == 1)
                    {
                        // Not the first report of that decision: a send of its own, which later decisions must count.
                        known[reportUser].Add(new Send(stamp, decided.MessageId, null));
                    }

                    break;
                }

                case < 8:
                {
                    // The caller sent something on its own and says so.
                    var message = catalog.Messages[rng.NextInt(catalog.Messages.Count)].Id;
                    var r = await Post(replica.Client, "/v1/events", Http.Batch(Http.EventJson($"own{seed}-{step}", user, at, "message_sent", message)));
                    log.Add($"{step}: own send of {message} to {user} at {Iso(at)} -> applied {r.GetProperty("applied")}");
                    known[user].Add(new Send(at, message, null));
                    break;
                }

                case < 9:
                    await Post(replica.Client, "/v1/events", Http.Batch(Http.EventJson($"act{seed}-{step}", user, at, "task_created")));
                    break;
                default:
                {
                    var minutes = rng.NextInt(60 * 30);
                    foreach (var r in replicas)
                    {
                        r.Time.Now = r.Time.Now.AddMinutes(minutes);
                    }

                    log.Add($"{step}: clock +{minutes} min");
                    break;
                }
            }
        }

        return apiSends.Count;
    }

    private static void Check(MessageCatalog catalog, List<Send> before, Send send, string context) =>
        SendRules.Check(catalog, [.. before.Select(s => new SeenSend(s.At, s.MessageId))], new SeenSend(send.At, send.MessageId), $"{send}; {context}");

    private static async Task<JsonElement> Post(HttpClient client, string url, string body)
    {
        var response = await client.PostJson(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {body}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Iso(DateTime t) => SendRules.Iso(t);
}
