using System.Globalization;
using System.Text.Json;
using Recommender.Api.Tests.Support;
using Recommender.Core.Catalog;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 2 of issue #14: a send recorded at a later instant lay outside the cap windows of a decision whose
/// <c>as_of</c> was earlier, so stepping <c>as_of</c> back an hour at a time recorded 27 sends of a message allowed once
/// a day, twice a week and three times ever, and a caller whose clock ran 2 s behind got a second send.
/// </summary>
public sealed class AsOfCapsTests
{
    /// <summary>One message: once a day, twice a week, three times ever, with no other limit in the way.</summary>
    public static MessageCatalog OneMessage() => new()
    {
        Messages = [new MessageDefinition { Id = "promo", Category = MessageCategory.Marketing, Channel = "email", GoalEvent = "upgraded", Value = 3, MaxSends = 3 }],
        Policy = new ContactPolicy
        {
            Overall = new FrequencyCap { PerDay = 1, PerWeek = 2 },
            MinGapHours = 0,
            QuietHours = null,
            ExplorationRate = 0,
            Support = new SupportSuppression { SuppressedCategories = [] },
        },
    };

    [Fact]
    public async Task SteppingAsOfBackAnHourAtATime_RecordsOneSend()
    {
        using var app = new ApiFactory(OneMessage());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;

        var sends = 0;
        for (var hour = 0; hour < 27; hour++)
        {
            var asOf = now.AddHours(-hour).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u1","as_of":"{{asOf}}"}""")).Json();
            sends += d.GetProperty("message_id").ValueKind == JsonValueKind.String ? 1 : 0;
        }

        Assert.Equal(1, sends);
    }

    [Fact]
    public async Task ACallerWhoseClockRunsBehind_GetsNoSecondSend()
    {
        using var app = new ApiFactory(OneMessage());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;

        var second = 0;
        for (var u = 0; u < 10; u++)
        {
            var first = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u{{u}}"}""")).Json();
            Assert.Equal("promo", first.GetProperty("message_id").GetString());
            var behind = now.AddSeconds(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var late = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u{{u}}","as_of":"{{behind}}"}""")).Json();
            second += late.GetProperty("message_id").ValueKind == JsonValueKind.String ? 1 : 0;
        }

        Assert.Equal(0, second);
    }

    [Fact]
    public async Task ADecisionBeforeTheLatestSend_IsMadeAsOfJustAfterIt_AndSaysSo()
    {
        using var app = new ApiFactory(OneMessage());
        var client = app.Client();
        var first = await (await client.PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        var sentAt = first.GetProperty("as_of").GetDateTime().ToUniversalTime();

        var earlier = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","as_of":"2026-03-01T00:00:00Z"}""")).Json();

        Assert.Equal(sentAt, earlier.GetProperty("as_of").GetDateTime().ToUniversalTime());
        Assert.Equal("cap_overall", earlier.GetProperty("suppressed")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task AReportedSendAheadOfAsOf_CountsAgainstTheDecision()
    {
        using var app = new ApiFactory(OneMessage());
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("s1", "u1", now.AddHours(2), "message_sent", "promo")));

        var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u1","as_of":"{{now.AddHours(-3):yyyy-MM-ddTHH:mm:ssZ}}"}""")).Json();

        Assert.Equal(JsonValueKind.Null, d.GetProperty("message_id").ValueKind);
    }
}
