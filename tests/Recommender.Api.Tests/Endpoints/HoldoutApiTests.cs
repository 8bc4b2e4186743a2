using System.Net;
using Recommender.Api.Tests.Support;
using Recommender.Core.Catalog;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>The global holdout through the API: held-out users get transactional messages only, and the answer says why.</summary>
public sealed class HoldoutApiTests
{
    [Fact]
    public async Task A_held_out_user_gets_no_promotional_message_and_a_messaged_user_does()
    {
        var catalog = TestCatalog.Create();
        var holdout = new GlobalHoldout { Share = 0.5, Salt = "api-test" };
        catalog = catalog with { Policy = catalog.Policy with { Holdout = holdout } };
        var held = Enumerable.Range(0, 100).Select(i => $"user{i}").First(holdout.Contains);
        var messaged = Enumerable.Range(0, 100).Select(i => $"user{i}").First(u => !holdout.Contains(u));
        using var app = new ApiFactory(catalog);
        var client = app.Client();

        var heldOut = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"{{held}}"}""")).Json();
        var sent = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"{{messaged}}"}""")).Json();

        Assert.Equal(JsonNull, heldOut.GetProperty("message_id").ValueKind);
        Assert.Equal("no_eligible_candidate", heldOut.GetProperty("reason").GetString());
        var rules = heldOut.GetProperty("suppressed").EnumerateArray().Select(s => (s.GetProperty("message_id").GetString(), s.GetProperty("rule").GetString()))
            .Order().ToArray();
        Assert.Equal([("promo", "global_holdout"), ("tips", "global_holdout"), ("welcome", "global_holdout")], rules);
        Assert.Equal("welcome", sent.GetProperty("message_id").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
