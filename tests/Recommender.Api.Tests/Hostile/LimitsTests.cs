using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 6 of issue #14: ids of any size were stored (a 10 MB user id slowed every other user's writes and a
/// decision for it answered 10 MB), one key could create users without bound, and wrong keys were never throttled.
/// </summary>
public sealed class LimitsTests
{
    private static readonly string Huge = new('x', 300);

    [Theory]
    [InlineData("event_id")]
    [InlineData("user_id")]
    [InlineData("event_type")]
    [InlineData("message_id")]
    public async Task AnEventIdOrTypeLongerThanTheLimit_Is400NamingIt(string field)
    {
        using var app = new ApiFactory();
        var row = new Dictionary<string, object?>
        {
            ["event_id"] = "e1", ["user_id"] = "u1", ["timestamp"] = "2026-03-02T12:00:00Z", ["event_type"] = "message_sent", ["message_id"] = "welcome",
        };
        row[field] = Huge;

        var response = await app.Client().PostJson("/v1/events", "[" + JsonSerializer.Serialize(row) + "]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors")[0];
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal("300 characters", error.GetProperty("found").GetString());
    }

    [Fact]
    public async Task PropertiesLargerThanTheLimit_Are400()
    {
        using var app = new ApiFactory(settings: new() { ["Limits:MaxPropertiesLength"] = "100" });
        var properties = JsonSerializer.Serialize(new { note = new string('y', 200) });
        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("e1", "u1", Ev.T0, properties: properties)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("properties", (await response.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("channel")]
    [InlineData("candidates")]
    public async Task ADecisionWithAnIdLongerThanTheLimit_Is400AndSmall(string field)
    {
        using var app = new ApiFactory();
        object body = field switch
        {
            "user_id" => new { user_id = new string('u', 100_000) },
            "channel" => new { user_id = "u", channel = Huge },
            _ => new { user_id = "u", candidates = new[] { Huge } },
        };

        var response = await app.Client().PostJson("/v1/decisions", JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < 2_000, "the answer echoes the huge id");
    }

    [Fact]
    public async Task AUserPathLongerThanTheLimit_Is400()
    {
        using var app = new ApiFactory();
        var response = await app.Client().GetAsync("/v1/users/" + Huge);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AKeyOverItsRequestRate_Gets429WithRetryAfter_AndOtherKeysAreNotHeldUp()
    {
        using var app = new ApiFactory(settings: new()
        {
            ["RateLimits:RequestsPerSecond"] = "1", ["RateLimits:RequestBurst"] = "5", ["Auth:ClientKeys:1"] = "other-key",
        });
        var client = app.Client();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await client.GetAsync("/v1/catalog");
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 5, 7);
        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "no Retry-After");
        Assert.Equal(HttpStatusCode.OK, (await app.Client("other-key").GetAsync("/v1/catalog")).StatusCode);
    }

    [Fact]
    public async Task AKeyOverItsEventRate_Gets429_AndNothingOfTheBatchIsApplied()
    {
        using var app = new ApiFactory(settings: new()
        {
            ["RateLimits:EventsPerSecond"] = "10", ["RateLimits:EventBurst"] = "1000", ["Events:MaxBatchSize"] = "600",
        });
        var client = app.Client();
        var first = Enumerable.Range(0, 600).Select(i => Http.EventJson($"a{i}", $"user{i}", Ev.T0)).ToArray();
        var second = Enumerable.Range(0, 600).Select(i => Http.EventJson($"b{i}", $"other{i}", Ev.T0)).ToArray();

        Assert.Equal(HttpStatusCode.OK, (await client.PostJson("/v1/events", Http.Batch(first))).StatusCode);
        var refused = await client.PostJson("/v1/events", Http.Batch(second));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(0, (await (await client.GetAsync("/v1/users/other0")).Json()).GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task WrongKeysFromOneAddress_AreThrottled_EvenWhenTheNextGuessIsRight()
    {
        using var app = new ApiFactory(settings: new() { ["RateLimits:FailedAuthPerMinute"] = "5" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await app.Client($"guess-{i}").GetAsync("/v1/catalog")).StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var right = await app.Client().GetAsync("/v1/catalog");
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnEventBurstBelowTheBatchSize_IsRefusedAtStart()
    {
        using var app = new ApiFactory(settings: new() { ["RateLimits:EventBurst"] = "10" });
        var error = await app.RefusedStart();
        Assert.Contains("EventBurst", error.ToString(), StringComparison.Ordinal);
    }
}
