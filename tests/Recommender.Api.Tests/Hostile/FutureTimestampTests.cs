using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 1 of issue #14: one event or <c>as_of</c> dated far ahead used to move the user's exact window past "now",
/// after which every decision and read for the user answered 422. Instants further ahead than Limits:MaxFutureSkew
/// (default one day) are refused with 400 naming the field, and the user stays answerable.
/// </summary>
public sealed class FutureTimestampTests
{
    [Fact]
    public async Task EventDatedYearsAhead_Is400NamingTheRowAndField_AndTheUserStaysAnswerable()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        var body = Http.Batch(Http.EventJson("ok", "u1", Ev.T0), Http.EventJson("future", "u1", new DateTime(2099, 12, 31, 23, 0, 0, DateTimeKind.Utc)));

        var response = await client.PostJson("/v1/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("timestamp", error.GetProperty("field").GetString());
        Assert.Contains("ahead of the server clock", error.GetProperty("expected").GetString(), StringComparison.Ordinal);
        await AssertAnswerable(client, "u1");
    }

    [Fact]
    public async Task DecisionAsOfYearsAhead_Is400NamingAsOf_AndRecordsNothing()
    {
        using var app = new ApiFactory();
        var client = app.Client();

        var response = await client.PostJson("/v1/decisions", """{"user_id":"u1","as_of":"2099-06-01T15:00:00Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("as_of", (await response.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(0, user.GetProperty("events_applied").GetInt64());
        await AssertAnswerable(client, "u1");
    }

    [Fact]
    public async Task InstantsWithinTheSkew_AreAccepted_AndTheUserStaysAnswerableNow()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        var now = app.Time.Now.UtcDateTime;

        var posted = await client.PostJson("/v1/events", Http.Batch(Http.EventJson("soon", "u1", now.AddHours(23))));
        var decided = await client.PostJson("/v1/decisions", $$"""{"user_id":"u2","as_of":"{{now.AddHours(23):yyyy-MM-ddTHH:mm:ssZ}}"}""");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await AssertAnswerable(client, "u1");
        await AssertAnswerable(client, "u2");
    }

    [Fact]
    public async Task TheSkewIsConfigurable()
    {
        using var app = new ApiFactory(settings: new() { ["Limits:MaxFutureSkew"] = "00:00:00" });
        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("e", "u1", app.Time.Now.UtcDateTime.AddMinutes(1))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ASkewBeyondAWeek_IsRefusedAtStart()
    {
        using var app = new ApiFactory(settings: new() { ["Limits:MaxFutureSkew"] = "8.00:00:00" });
        var error = await app.RefusedStart();
        Assert.Contains("MaxFutureSkew", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task AssertAnswerable(HttpClient client, string user)
    {
        var decision = await client.PostJson("/v1/decisions", JsonSerializer.Serialize(new { user_id = user }));
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        Assert.NotEqual("state_unanswerable", (await decision.Json()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/users/{user}")).StatusCode);
    }
}
