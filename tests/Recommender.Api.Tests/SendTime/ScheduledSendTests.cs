using System.Globalization;
using System.Text.Json;
using Recommender.Api.Tests.Hostile;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.SendTime;

/// <summary>
/// A send decided for a later <c>send_at</c> is recorded at that instant (a pending send): every later decision's caps
/// count it, a "now only" decision sends nothing while it lies ahead (DecisionInstant), and the caller's
/// <c>message_sent</c> moves it to the instant it really went out.
/// </summary>
public sealed class ScheduledSendTests
{
    private const string LookAhead = """ "send_time":{"look_ahead_hours":24} """;

    [Fact]
    public async Task AScheduledSend_IsCountedByTheDayCapOfALaterDecision()
    {
        using var app = new ApiFactory(SendTimeApiTests.TwoChannels());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;
        var at15 = await ScheduleAt15(client, now);

        // As of 20 h after the scheduled send (a "now only" decision: the scheduled instant has passed).
        var later = await Decide(client, $$"""{"user_id":"u1","as_of":"{{Iso(at15.AddHours(20))}}"}""");
        // And a look-ahead decision asked for now: made as of just after the scheduled send, whose day it cannot share.
        var ahead = await Decide(client, $$"""{"user_id":"u1",{{LookAhead}}}""");

        Assert.Equal(JsonValueKind.Null, later.GetProperty("message_id").ValueKind);
        Assert.All(later.GetProperty("suppressed").EnumerateArray(), s => Assert.Equal("cap_overall", s.GetProperty("rule").GetString()));
        Assert.Equal(JsonValueKind.Null, ahead.GetProperty("message_id").ValueKind);
        Assert.Equal(at15, ahead.GetProperty("as_of").GetDateTime().ToUniversalTime());
        Assert.All(ahead.GetProperty("suppressed").EnumerateArray(), s => Assert.Equal("cap_overall", s.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task NowOnly_WhileASendIsScheduled_SendsNothingAndSaysWhen()
    {
        using var app = new ApiFactory(SendTimeApiTests.TwoChannels());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;
        var at15 = await ScheduleAt15(client, now);

        var before = await Decide(client, """{"user_id":"u1"}""");
        var after = await Decide(client, $$"""{"user_id":"u1","as_of":"{{Iso(at15.AddMinutes(30))}}"}""");

        Assert.Equal(JsonValueKind.Null, before.GetProperty("message_id").ValueKind);
        Assert.Equal("send_scheduled", before.GetProperty("reason").GetString());
        var why = Assert.Single(before.GetProperty("suppressed").EnumerateArray());
        Assert.Equal("welcome", why.GetProperty("message_id").GetString());
        Assert.Contains(Iso(at15, "yyyy-MM-ddTHH:mm:ssZ"), why.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("no_eligible_candidate", after.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task TheCallersMessageSent_MovesTheScheduledSendToItsRealInstant()
    {
        using var app = new ApiFactory(SendTimeApiTests.TwoChannels());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;
        var scheduled = await Schedule(client, now);
        var id = scheduled.GetProperty("decision_id").GetString();

        // The caller sent it at 13:00 instead of 15:00, and says so.
        var sentAt = now.Date.AddHours(13);
        var report = Http.EventJson("caller-1", "u1", sentAt, "message_sent", "welcome", $$"""{"decision_id":"{{id}}","propensity":1}""");
        var ingest = await (await client.PostJson("/v1/events", Http.Batch(report))).Json();
        var again = await (await client.PostJson("/v1/events", Http.Batch(report))).Json();
        app.Time.Now = app.Time.Now.AddHours(2);

        Assert.Equal(1, ingest.GetProperty("applied").GetInt32());
        Assert.Equal(0, ingest.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        // No send lies ahead of 13:30 any more, and the day cap counts the send at 13:00: 24 h later it is free again,
        // where the send at 15:00 would still hold it.
        var halfPast = await Decide(client, $$"""{"user_id":"u1","as_of":"{{Iso(sentAt.AddMinutes(30))}}"}""");
        var nextDay = await Decide(client, $$"""{"user_id":"u1","as_of":"{{Iso(sentAt.AddDays(1).AddMinutes(1))}}"}""");
        Assert.Equal("no_eligible_candidate", halfPast.GetProperty("reason").GetString());
        Assert.Equal("welcome", nextDay.GetProperty("message_id").GetString());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        // 30 actions, the scheduled send (moved, not added, by the report) and the send decided the next day.
        Assert.Equal(32, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task AReportOfANowSend_StaysADuplicate()
    {
        using var app = new ApiFactory(SendTimeApiTests.TwoChannels());
        var client = app.Client();
        var d = await Decide(client, """{"user_id":"u1"}""");

        var report = Http.EventJson("caller-1", "u1", app.Time.Now.UtcDateTime.AddMinutes(5), "message_sent", "welcome",
            $$"""{"decision_id":"{{d.GetProperty("decision_id").GetString()}}"}""");
        var ingest = await (await client.PostJson("/v1/events", Http.Batch(report))).Json();

        Assert.Equal(0, ingest.GetProperty("applied").GetInt32());
        Assert.Equal(1, ingest.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task TheStatesMarkOfAScheduledSend_CannotBePosted()
    {
        using var app = new ApiFactory(SendTimeApiTests.TwoChannels());

        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("x", "u1", app.Time.Now.UtcDateTime, "send_scheduled")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("send_scheduled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue #14's attack around a scheduled send: as_of stepped back an hour at a time over two days, "now only" and
    /// look-ahead requests in turn, some scheduled sends reported at their send_at: the sends made, at the instants they
    /// went out, never exceed a cap in any window (once a day, twice a week, three times ever).
    /// </summary>
    [Fact]
    public async Task SteppingAsOfBackAroundAScheduledSend_NeverExceedsACapInAnyWindow()
    {
        // Reports at a send_at up to 44 h ahead of the server's clock: the skew allowed is three days.
        using var app = new ApiFactory(AsOfCapsTests.OneMessage(), new() { ["Limits:MaxFutureSkew"] = "3.00:00:00" });
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;
        await client.PostJson("/v1/events", SendTimeApiTests.ActiveAt(now, "u1", 18));

        var sends = new List<DateTime>();
        var scheduled = 0;
        for (var step = 0; step < 60; step++)
        {
            // From the skew ahead (+20 h) back two days, one hour at a time, and back and forth around the middle.
            var asOf = now.AddHours(20 - (step < 40 ? step : 40 - (step - 40) * 2 % 24));
            var lookAhead = step % 2 == 0 ? $$""","send_time":{"look_ahead_hours":{{(step % 4 == 0 ? 24 : 48)}}}""" : "";
            var d = await Decide(client, $$"""{"user_id":"u1","as_of":"{{Iso(asOf)}}"{{lookAhead}}}""");
            if (d.GetProperty("message_id").GetString() is not null)
            {
                var at = d.TryGetProperty("send_at", out var sendAt) ? sendAt.GetDateTime().ToUniversalTime() : d.GetProperty("as_of").GetDateTime().ToUniversalTime();
                sends.Add(at);
                if (d.TryGetProperty("send_at", out _) && step % 4 == 0)
                {
                    // The caller sends it when told to and says so.
                    scheduled++;
                    var report = Http.EventJson($"r{step}", "u1", at, "message_sent", "promo", $$"""{"decision_id":"{{d.GetProperty("decision_id").GetString()}}"}""");
                    var ingest = await client.PostJson("/v1/events", Http.Batch(report));
                    Assert.Equal(1, (await ingest.Json()).GetProperty("applied").GetInt32());
                }
            }
        }

        Assert.True(sends.Count is >= 2 and <= 3, $"{sends.Count} sends: {string.Join(", ", sends.Select(t => Iso(t)))}");
        sends.Sort();
        foreach (var start in sends)
        {
            Assert.True(sends.Count(t => t >= start && t < start.AddDays(1)) <= 1, $"day cap broken from {Iso(start)}: {string.Join(", ", sends.Select(t => Iso(t)))}");
            Assert.True(sends.Count(t => t >= start && t < start.AddDays(7)) <= 2, $"week cap broken from {Iso(start)}: {string.Join(", ", sends.Select(t => Iso(t)))}");
        }
    }

    /// <summary>Schedules "welcome" for u1, whose product actions all fall at 15:00 UTC; returns the send_at (15:00 today).</summary>
    private static async Task<DateTime> ScheduleAt15(HttpClient client, DateTime now) =>
        (await Schedule(client, now)).GetProperty("send_at").GetDateTime().ToUniversalTime();

    private static async Task<JsonElement> Schedule(HttpClient client, DateTime now)
    {
        await client.PostJson("/v1/events", SendTimeApiTests.ActiveAt(now, "u1", 15));
        var d = await Decide(client, $$"""{"user_id":"u1",{{LookAhead}}}""");
        Assert.Equal("welcome", d.GetProperty("message_id").GetString());
        Assert.Equal(now.Date.AddHours(15), d.GetProperty("send_at").GetDateTime().ToUniversalTime());
        return d;
    }

    private static async Task<JsonElement> Decide(HttpClient client, string body)
    {
        var response = await client.PostJson("/v1/decisions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{body}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Iso(DateTime t, string format = "yyyy-MM-ddTHH:mm:ss.fffffffZ") => t.ToString(format, CultureInfo.InvariantCulture);
}
