using System.Net;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Endpoints;

public sealed class EventsApiTests
{
    [Fact]
    public async Task PostEvents_ValidBatch_IsAppliedOnceAndRepeatsAreCountedAsDuplicates()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        var batch = Http.Batch(Http.EventJson("e1", "u1", Ev.T0), Http.EventJson("e2", "u1", Ev.T0.AddMinutes(1), "teammate_invited"));

        var first = await (await client.PostJson("/v1/events", batch)).Json();
        var second = await client.PostJson("/v1/events", batch);

        Assert.Equal(2, first.GetProperty("applied").GetInt32());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var repeat = await second.Json();
        Assert.Equal(0, repeat.GetProperty("applied").GetInt32());
        Assert.Equal(2, repeat.GetProperty("duplicates").GetInt32());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(2, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task PostEvents_WrappedInAnObjectWithPropertiesAsAString_IsAccepted()
    {
        using var app = new ApiFactory();
        var body = """{"events":[{"event_id":"t1","user_id":"u1","timestamp":"2026-03-02T12:00:00+01:00","event_type":"ticket_opened","properties":"{\"ticket_id\":\"k1\"}","value":2}]}""";
        var response = await app.Client().PostJson("/v1/events", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await (await app.Client().GetAsync("/v1/users/u1")).Json();
        Assert.Equal(1, user.GetProperty("open_tickets").GetInt32());
    }

    [Theory]
    [InlineData("""{"user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x"}""", "event_id")]
    [InlineData("""{"event_id":"e","user_id":"","timestamp":"2026-03-02T12:00:00Z","event_type":"x"}""", "user_id")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":7}""", "event_type")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00","event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"yesterday","event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":1700000000,"event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"1970-01-01T00:00:00Z","event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","value":"12"}""", "value")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":[1]}""", "properties")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":"not json"}""", "properties")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","message_id":5}""", "message_id")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"message_sent"}""", "message_id")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","colour":"red"}""", "colour")]
    [InlineData("""42""", "$")]
    public async Task PostEvents_BadRow_IsReportedWithIndexAndFieldAndNothingIsApplied(string badRow, string field)
    {
        using var app = new ApiFactory();
        var body = Http.Batch(Http.EventJson("good", "u", Ev.T0), badRow);

        var response = await app.Client().PostJson("/v1/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("expected").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("found").GetString()));
        var user = await (await app.Client().GetAsync("/v1/users/u")).Json();
        Assert.Equal(0, user.GetProperty("events_applied").GetInt64());
    }

    [Theory]
    [InlineData("{\"a\":1}", "$")]
    [InlineData("[]", "events")]
    [InlineData("[{\"event_id\": ", "$")]
    [InlineData("", "$")]
    public async Task PostEvents_BadBody_IsA400Problem(string body, string field)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/events", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task PostEvents_OverTheConfiguredBatchSize_IsRefused()
    {
        using var app = new ApiFactory(settings: new() { ["Events:MaxBatchSize"] = "2" });
        var body = Http.Batch(Http.EventJson("a", "u", Ev.T0), Http.EventJson("b", "u", Ev.T0), Http.EventJson("c", "u", Ev.T0));
        var response = await app.Client().PostJson("/v1/events", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 1 and 2", (await response.Json()).GetProperty("errors")[0].GetProperty("expected").GetString());
    }

    /// <summary>
    /// Store:IdempotencyHorizon (a week by default): an event dated more than that before its user's latest event is not
    /// applied (its id may have been forgotten: it could be a retry of an event applied long ago). The answer is still
    /// 200 for the rest of the batch, and counts and names it, with the instant the user's events must be at or after.
    /// </summary>
    [Fact]
    public async Task PostEvents_OlderThanTheUsersIdempotencyHorizon_IsNotApplied_AndNamedInTheAnswer()
    {
        using var app = new ApiFactory();
        app.Time.Now = new DateTimeOffset(Ev.T0.AddDays(11));
        var client = app.Client();
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("recent", "u1", Ev.T0.AddDays(10))));

        var response = await client.PostJson("/v1/events", Http.Batch(Http.EventJson("fresh", "u1", Ev.T0.AddDays(9)), Http.EventJson("stale", "u1", Ev.T0)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal(1, answer.GetProperty("applied").GetInt32());
        Assert.Equal(0, answer.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, answer.GetProperty("expired").GetInt32());
        var stale = Assert.Single(answer.GetProperty("expired_events").EnumerateArray());
        Assert.Equal(1, stale.GetProperty("index").GetInt32());
        Assert.Equal("stale", stale.GetProperty("event_id").GetString());
        Assert.Equal("u1", stale.GetProperty("user_id").GetString());
        Assert.Equal(Ev.T0, stale.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        Assert.Equal(Ev.T0.AddDays(3), stale.GetProperty("not_before").GetDateTime().ToUniversalTime());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(2, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task PostEvents_TheHorizonIsConfigurable()
    {
        using var app = new ApiFactory(settings: new() { ["Store:IdempotencyHorizon"] = "30.00:00:00" });
        app.Time.Now = new DateTimeOffset(Ev.T0.AddDays(11));
        var client = app.Client();
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("recent", "u1", Ev.T0.AddDays(10))));

        var answer = await (await client.PostJson("/v1/events", Http.Batch(Http.EventJson("older", "u1", Ev.T0)))).Json();

        Assert.Equal(1, answer.GetProperty("applied").GetInt32());
        Assert.Equal(0, answer.GetProperty("expired").GetInt32());
        Assert.Empty(answer.GetProperty("expired_events").EnumerateArray());
    }

    [Theory]
    [InlineData("00:59:00", "between 1 hour and 10 years")]
    [InlineData("1.00:00:00", "longer than Limits:MaxFutureSkew")]
    public async Task AnIdempotencyHorizonOutOfRange_IsRefusedAtStart(string horizon, string reason)
    {
        using var app = new ApiFactory(settings: new() { ["Store:IdempotencyHorizon"] = horizon });
        var error = await app.RefusedStart();
        Assert.True(error.ToString().Contains(reason, StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task PostEvents_NotJson_Is415Problem()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostAsync("/v1/events", new StringContent("event_id,user_id"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
