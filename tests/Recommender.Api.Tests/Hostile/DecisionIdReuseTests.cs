using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// A caller naming every decision alike (<c>decision_id</c> a campaign's name, or a constant): the API records a send
/// keyed by decision and message, so the second send of a message under the same id was taken for the first one again,
/// recorded nowhere, and a message allowed three times ever went out once every day. Now such a decision sends nothing,
/// with reason <c>decision_id_reused</c>, and a retry of the same decision still answers as before.
/// </summary>
public sealed class DecisionIdReuseTests
{
    [Fact]
    public async Task OneDecisionIdForEveryDecision_StillCountsEverySend_AgainstTheCaps()
    {
        using var app = new ApiFactory(AsOfCapsTests.OneMessage());
        var client = app.Client();

        var sends = 0;
        JsonElement last = default;
        for (var day = 0; day < 8; day++)
        {
            last = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","decision_id":"spring"}""")).Json();
            sends += last.GetProperty("message_id").ValueKind == JsonValueKind.String ? 1 : 0;
            app.Time.Now = app.Time.Now.AddDays(1);
        }

        Assert.Equal(1, sends);
        Assert.Equal("decision_id_reused", last.GetProperty("reason").GetString());
        var suppressed = last.GetProperty("suppressed").EnumerateArray().Single();
        Assert.Equal("promo", suppressed.GetProperty("message_id").GetString());
        Assert.Contains("give each decision its own id", suppressed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(1, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task OwnIdsForEachDecision_SendAsTheCapsAllow()
    {
        using var app = new ApiFactory(AsOfCapsTests.OneMessage());
        var client = app.Client();

        var sends = 0;
        for (var day = 0; day < 8; day++)
        {
            var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u1","decision_id":"spring-{{day}}"}""")).Json();
            sends += d.GetProperty("message_id").ValueKind == JsonValueKind.String ? 1 : 0;
            app.Time.Now = app.Time.Now.AddDays(1);
        }

        // Once a day, twice a week, three times ever.
        Assert.Equal(3, sends);
    }

    [Fact]
    public async Task TheSameRequestAgain_IsAnsweredAsTheSameDecision()
    {
        using var app = new ApiFactory(AsOfCapsTests.OneMessage());
        var client = app.Client();
        var body = $$"""{"user_id":"u1","decision_id":"retry-1","as_of":"{{app.Time.Now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";

        var first = await (await client.PostJson("/v1/decisions", body)).Json();
        var again = await (await client.PostJson("/v1/decisions", body)).Json();

        Assert.Equal("promo", first.GetProperty("message_id").GetString());
        Assert.NotEqual("decision_id_reused", again.GetProperty("reason").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/users/u1")).Json()).GetProperty("events_applied").GetInt64());
    }
}
