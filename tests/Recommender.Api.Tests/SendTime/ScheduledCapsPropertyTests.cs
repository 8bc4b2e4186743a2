using System.Globalization;
using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Hostile;
using Recommender.Api.Tests.Support;
using Recommender.Core.Catalog;
using Recommender.Core.Randomness;

namespace Recommender.Api.Tests.SendTime;

/// <summary>
/// <see cref="CapsPropertyTests"/> with scheduled sends: random interleavings of "now only" and look-ahead decisions
/// (0 to 48 h, arbitrary <c>as_of</c> from three days back to the skew ahead), callers' reports that move a scheduled send
/// to the instant it went out (within a minute of its <c>send_at</c>) or count as sends of their own, sends callers made
/// on their own, and the clock moving. Every send a decision made, at its <c>send_at</c>, is checked against every send
/// the store knew when it was made, at the instants they then had, in every window that contains it.
/// </summary>
public sealed class ScheduledCapsPropertyTests
{
    private const int StepsPerCase = 40;
    private static readonly string[] Users = ["a", "b"];

    [Fact]
    public async Task OneSqliteServer_NoScheduledDecisionEverBreaksACap()
    {
        var (sends, scheduled, moved) = (0, 0, 0);
        for (var c = 0; c < 25; c++)
        {
            using var app = new ApiFactory(CapsPropertyTests.Catalog(), new() { ["Limits:MaxFutureSkew"] = "3.00:00:00" });
            var (s, l, m) = await RunCase(c, app.Client(), app.Time);
            (sends, scheduled, moved) = (sends + s, scheduled + l, moved + m);
        }

        Assert.True(sends > 50 && scheduled > 20 && moved > 5, $"only {sends} sends, {scheduled} scheduled, {moved} moved: the property would prove little");
    }

    [SkippableFact]
    public async Task OneRedis_NoScheduledDecisionEverBreaksACap()
    {
        var (sends, moved) = (0, 0);
        for (var c = 0; c < 8; c++)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Store:Connection"] = "redis:" + TestServices.RedisAddress(),
                ["Store:RedisKeyPrefix"] = $"sched:{Guid.NewGuid():N}:",
                ["Limits:MaxFutureSkew"] = "3.00:00:00",
            };
            using var app = new ApiFactory(CapsPropertyTests.Catalog(), settings);
            var (s, _, m) = await RunCase(500 + c, app.Client(), app.Time);
            (sends, moved) = (sends + s, moved + m);
        }

        Assert.True(sends > 15 && moved > 1, $"only {sends} sends, {moved} moved: the property would prove little");
    }

    private sealed record Send(DateTime At, string MessageId, string? DecisionId, bool Scheduled);

    private static async Task<(int Sends, int Scheduled, int Moved)> RunCase(int seed, HttpClient client, ManualTime time)
    {
        var rng = DeterministicRandom.For(2026_18, (ulong)seed);
        var catalog = CapsPropertyTests.Catalog();
        var known = Users.ToDictionary(u => u, _ => new List<Send>(), StringComparer.Ordinal);
        var apiSends = new List<(string User, Send Send)>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var log = new List<string>();
        int scheduled = 0, moved = 0;
        for (var step = 0; step < StepsPerCase; step++)
        {
            var user = Users[rng.NextInt(Users.Length)];
            var now = time.Now.UtcDateTime;
            var at = now.AddMinutes(rng.NextInt(60 * 24 * 3 + 60 * 23) - 60 * 24 * 3);
            switch (rng.NextInt(10))
            {
                case < 6:
                {
                    var asOf = rng.NextInt(4) == 0 ? "" : $$""","as_of":"{{Iso(at)}}" """;
                    var sendTime = rng.NextInt(3) == 0 ? "" : $$""","send_time":{"look_ahead_hours":{{rng.NextInt(49)}},"slot_hours":{{(rng.NextInt(2) == 0 ? 1 : 0.5)}}}""";
                    // Caller-named decision ids: the exploration draws, and so the case, are the same on every run.
                    var body = $$"""{"user_id":"{{user}}","decision_id":"d{{seed}}-{{step}}"{{asOf}}{{sendTime}}}""";
                    var d = await Post(client, "/v1/decisions", body);
                    log.Add($"{step}: decide {body} -> {d.GetProperty("message_id")} as of {d.GetProperty("as_of")}, reason {d.GetProperty("reason")}"
                        + (d.TryGetProperty("send_at", out var s) ? $", send at {s}" : ""));
                    if (d.GetProperty("message_id").GetString() is { } message)
                    {
                        var isScheduled = d.TryGetProperty("send_at", out var sendAt);
                        var instant = (isScheduled ? sendAt : d.GetProperty("as_of")).GetDateTime().ToUniversalTime();
                        var send = new Send(instant.AddTicks(-1), message, d.GetProperty("decision_id").GetString(), isScheduled);
                        Check(catalog, known[user], send, $"seed {seed}, step {step}, user {user}:\n{string.Join('\n', log)}");
                        known[user].Add(send);
                        apiSends.Add((user, send));
                        scheduled += isScheduled ? 1 : 0;
                    }

                    break;
                }

                case < 8 when apiSends.Exists(a => Reportable(a.Send, now)):
                {
                    // A caller reports one of the decided sends within a minute of when it was told to send it (one
                    // the server's clock allows a report of: chained look-aheads can schedule past its skew).
                    var reportable = apiSends.FindAll(a => Reportable(a.Send, now));
                    var (reportUser, decided) = reportable[rng.NextInt(reportable.Count)];
                    var stamp = decided.At.AddTicks(1).AddSeconds(rng.NextInt(120) - 60);
                    var properties = JsonSerializer.Serialize(JsonSerializer.Serialize(new { decision_id = decided.DecisionId }));
                    var row = $$"""{"event_id":"r{{seed}}-{{step}}","user_id":"{{reportUser}}","timestamp":"{{Iso(stamp)}}","event_type":"message_sent","message_id":"{{decided.MessageId}}","properties":{{properties}}}""";
                    var r = await Post(client, "/v1/events", "[" + row + "]");
                    var first = reported.Add(decided.DecisionId!);
                    log.Add($"{step}: report {decided.DecisionId} of {reportUser} at {Iso(stamp)} -> applied {r.GetProperty("applied")}");
                    if (first && decided.Scheduled)
                    {
                        // The scheduled send now lies where the report says.
                        Assert.Equal(1, r.GetProperty("applied").GetInt32());
                        var list = known[reportUser];
                        list[list.FindIndex(k => k.DecisionId == decided.DecisionId)] = decided with { At = stamp };
                        moved++;
                    }
                    else if (first)
                    {
                        Assert.Equal(1, r.GetProperty("duplicates").GetInt32());
                    }
                    else if (r.GetProperty("applied").GetInt32() == 1)
                    {
                        known[reportUser].Add(new Send(stamp, decided.MessageId, null, false));
                    }

                    break;
                }

                case < 9:
                {
                    var message = catalog.Messages[rng.NextInt(catalog.Messages.Count)].Id;
                    await Post(client, "/v1/events", Http.Batch(Http.EventJson($"own{seed}-{step}", user, at, "message_sent", message)));
                    log.Add($"{step}: own send of {message} to {user} at {Iso(at)}");
                    known[user].Add(new Send(at, message, null, false));
                    break;
                }

                default:
                {
                    var minutes = rng.NextInt(60 * 30);
                    time.Now = time.Now.AddMinutes(minutes);
                    log.Add($"{step}: clock +{minutes} min");
                    break;
                }
            }
        }

        return (apiSends.Count, scheduled, moved);
    }

    /// <summary>The send must break no rule together with the sends known before it, in any window containing it.</summary>
    private static void Check(MessageCatalog catalog, List<Send> before, Send send, string context) =>
        SendRules.Check(catalog, [.. before.Select(s => new SeenSend(s.At, s.MessageId))], new SeenSend(send.At, send.MessageId), $"{send}; {context}");

    private static bool Reportable(Send send, DateTime now) => send.At < now.AddDays(3).AddMinutes(-2);

    private static async Task<JsonElement> Post(HttpClient client, string url, string body)
    {
        var response = await client.PostJson(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {body}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Iso(DateTime t) => SendRules.Iso(t);
}
