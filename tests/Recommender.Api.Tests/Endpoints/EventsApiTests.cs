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

    [Fact]
    public async Task PostEvents_NotJson_Is415Problem()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostAsync("/v1/events", new StringContent("event_id,user_id"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
