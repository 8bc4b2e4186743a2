using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Recommender.Api.Tests.Support;
using Recommender.Core.Catalog;

namespace Recommender.Api.Tests.SendTime;

/// <summary>
/// <c>send_time</c> on <c>POST /v1/decisions</c> and its batch: a look-ahead answers <c>send_at</c>, <c>channel</c>,
/// <c>send_time_propensity</c> and <c>send_time_choices</c>; without it the answer has none of them (docs/send-time.md).
/// </summary>
public sealed class SendTimeApiTests
{
    /// <summary>The test catalog with "welcome" offered on e-mail and push.</summary>
    public static MessageCatalog TwoChannels()
    {
        var catalog = TestCatalog.Create();
        return catalog with
        {
            Messages = [.. catalog.Messages.Select(m => m.Id == "welcome" ? m with { Channels = ["email", "push"] } : m)],
        };
    }

    [Fact]
    public async Task NowOnly_AnswersWithoutSendTimeFields()
    {
        using var app = new ApiFactory(TwoChannels());

        var d = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();

        Assert.Equal("welcome", d.GetProperty("message_id").GetString());
        foreach (var field in new[] { "send_at", "channel", "send_time_propensity", "send_time_choices" })
        {
            Assert.False(d.TryGetProperty(field, out _), field);
        }

        Assert.False(d.GetProperty("scores")[0].TryGetProperty("send_at", out _));
    }

    [Fact]
    public async Task LookAhead_FreshUser_SendsNowOnTheMessagesOwnChannel()
    {
        using var app = new ApiFactory(TwoChannels());

        var d = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u1","send_time":{}}""")).Json();

        Assert.Equal("welcome", d.GetProperty("message_id").GetString());
        Assert.Equal(d.GetProperty("as_of").GetDateTime(), d.GetProperty("send_at").GetDateTime());
        Assert.Equal("email", d.GetProperty("channel").GetString());
        Assert.Equal(1.0, d.GetProperty("send_time_propensity").GetDouble());
        Assert.Equal(48, d.GetProperty("send_time_choices").GetInt32()); // 24 hourly slots × 2 channels
        var welcome = d.GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("message_id").GetString() == "welcome");
        Assert.Equal("email", welcome.GetProperty("channel").GetString());
        Assert.True(welcome.TryGetProperty("arrival_factor", out _));
    }

    [Fact]
    public async Task LookAhead_UserActiveInTheAfternoon_IsScheduledThen()
    {
        using var app = new ApiFactory(TwoChannels());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime; // 12:00 UTC; the user has no profile, so local time is UTC
        await client.PostJson("/v1/events", ActiveAt(now, "u1", 15));

        var d = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","send_time":{"look_ahead_hours":24}}""")).Json();

        Assert.Equal("welcome", d.GetProperty("message_id").GetString());
        Assert.Equal(now.Date.AddHours(15), d.GetProperty("send_at").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task SendNothing_WithALookAhead_AnswersNoSendTime()
    {
        using var app = new ApiFactory(TwoChannels());
        var client = app.Client();
        await client.PostJson("/v1/decisions", """{"user_id":"u1"}""");

        // The day cap is spent for 24 h: a look-ahead of 2 h finds no instant.
        var d = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","send_time":{"look_ahead_hours":2}}""")).Json();

        Assert.Equal(JsonValueKind.Null, d.GetProperty("message_id").ValueKind);
        Assert.False(d.TryGetProperty("send_at", out _));
        Assert.False(d.TryGetProperty("channel", out _));
    }

    [Theory]
    [InlineData("look_ahead_hours", "-1", "from 0 to 168", "-1")]
    [InlineData("look_ahead_hours", "169", "from 0 to 168", "169")]
    [InlineData("slot_hours", "0.1", "from 0.25 to 168", "0.1")]
    [InlineData("delay_cost_per_hour", "1", "below 1", "1")]
    [InlineData("delay_cost_per_hour", "-0.5", "at least 0", "-0.5")]
    public async Task OutOfRangeOptions_AreA400NamingTheFieldTheRangeAndTheValue(string field, string value, string range, string found)
    {
        using var app = new ApiFactory(TwoChannels());

        var single = await app.Client().PostJson("/v1/decisions", $$$"""{"user_id":"u1","send_time":{"{{{field}}}":{{{value}}}}}""");
        var batch = await (await app.Client().PostJson("/v1/decisions/batch", $$$"""[{"user_id":"u1"},{"user_id":"u2","send_time":{"{{{field}}}":{{{value}}}}}]""")).Json();

        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        var issue = (await single.Json()).GetProperty("errors")[0];
        Assert.Equal("send_time." + field, issue.GetProperty("field").GetString());
        Assert.Contains(range, issue.GetProperty("expected").GetString(), StringComparison.Ordinal);
        Assert.Equal(found, issue.GetProperty("found").GetString());
        var entries = batch.GetProperty("decisions");
        Assert.Equal("welcome", entries[0].GetProperty("decision").GetProperty("message_id").GetString());
        Assert.Equal("send_time." + field, entries[1].GetProperty("problem").GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownOption_IsA400()
    {
        using var app = new ApiFactory(TwoChannels());

        var response = await app.Client().PostJson("/v1/decisions", """{"user_id":"u1","send_time":{"look_ahead":24}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Batch_AnswersEachEntryLikeTheSingleEndpoint()
    {
        using var app = new ApiFactory(TwoChannels());
        using var other = new ApiFactory(TwoChannels());
        const string Request = """{"user_id":"u1","decision_id":"d1","send_time":{"look_ahead_hours":12,"slot_hours":2}}""";

        var batch = await (await app.Client().PostJson("/v1/decisions/batch", "[" + Request + "]")).Json();
        var single = await (await other.Client().PostJson("/v1/decisions", Request)).Json();

        var decision = batch.GetProperty("decisions")[0].GetProperty("decision");
        Assert.Equal(single.GetRawText(), decision.GetRawText());
        Assert.Equal(12, decision.GetProperty("send_time_choices").GetInt32()); // 6 slots × 2 channels
    }

    /// <summary>Thirty product actions of the user, each at <paramref name="hour"/> UTC on one of the last thirty days, oldest first.</summary>
    internal static string ActiveAt(DateTime now, string user, int hour)
    {
        var events = new StringBuilder("[");
        for (var day = 30; day >= 1; day--)
        {
            events.Append(day < 30 ? "," : "").Append(Http.EventJson($"{user}-a{day}", user, now.Date.AddDays(-day).AddHours(hour), "page_viewed"));
        }

        return events.Append(']').ToString();
    }

    internal static string At(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}

/// <summary>The decision log the API writes carries a scheduled send's instant, channel and send-time propensity.</summary>
public sealed class SendTimeDecisionLogTests
{
    [Fact]
    public async Task AScheduledSend_IsLoggedWithItsSendAtChannelAndSendTimePropensity_ANowSendWithNone()
    {
        var app = new ApiFactory(SendTimeApiTests.TwoChannels()) { DeleteFolderOnDispose = false };
        try
        {
            var client = app.Client();
            var now = app.Time.Now.UtcDateTime;
            await client.PostJson("/v1/events", SendTimeApiTests.ActiveAt(now, "u1", 15));
            var scheduled = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","send_time":{}}""")).Json();
            var nowOnly = await (await client.PostJson("/v1/decisions", """{"user_id":"u2"}""")).Json();
            await app.DisposeAsync();

            var read = await Recommender.TestSupport.DecisionLogTestFile.ReadAllAsync([app.DecisionLogFolder]);

            var s = read.Single(d => d.DecisionId == scheduled.GetProperty("decision_id").GetString());
            Assert.Equal(scheduled.GetProperty("send_at").GetDateTime().ToUniversalTime(), s.SendAt);
            Assert.Equal(scheduled.GetProperty("channel").GetString(), s.SendChannel);
            Assert.Equal(scheduled.GetProperty("send_time_propensity").GetDouble(), s.SendTimePropensity);
            Assert.Null(s.Channel); // the request's channel filter, as before
            var n = read.Single(d => d.DecisionId == nowOnly.GetProperty("decision_id").GetString());
            Assert.Equal((null, null, null), (n.SendAt, n.SendChannel, n.SendTimePropensity));
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }
}
