using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 8 of issue #14: duplicate JSON keys accepted (last wins), two different <c>message_sent</c> events with the
/// same <c>decision_id</c> collapsed into one, and an OpenAPI document without the API-key scheme. (A server started
/// with a bundle but no catalog: Recommender.Api.FunctionalTests, which starts the real command.)
/// </summary>
public sealed class SmallerFindingsTests
{
    [Theory]
    [InlineData("/v1/events", """[{"event_id":"e1","event_id":"e2","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x"}]""")]
    [InlineData("/v1/events", """[{"event_id":"e1","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":{"a":1,"a":2}}]""")]
    [InlineData("/v1/decisions", """{"user_id":"a","user_id":"b"}""")]
    [InlineData("/v1/models/reload", """{"path":"a","path":"b"}""")]
    public async Task AKeyGivenTwice_Is400(string url, string body)
    {
        using var app = new ApiFactory();
        var response = await app.Client(ApiFactory.AdminKey).PostJson(url, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Duplicate", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TwoDifferentSendsNamingOneDecision_CountAsTwo_ButTheReportOfTheRecordedSendCountsOnce()
    {
        using var app = new ApiFactory(TestCatalog.Create(perDay: 10));
        var client = app.Client();
        var decision = await (await client.PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        var id = decision.GetProperty("decision_id").GetString();
        var message = decision.GetProperty("message_id").GetString()!;
        var properties = JsonSerializer.Serialize(new { decision_id = id });

        var report = await (await client.PostJson("/v1/events", Http.Batch(Http.EventJson("r1", "u1", Ev.T0, "message_sent", message, properties)))).Json();
        var again = await (await client.PostJson("/v1/events", Http.Batch(Http.EventJson("r2", "u1", Ev.T0.AddMinutes(1), "message_sent", message, properties)))).Json();
        var other = await (await client.PostJson("/v1/events", Http.Batch(Http.EventJson("r3", "u1", Ev.T0.AddMinutes(2), "message_sent", "promo", properties)))).Json();

        Assert.Equal(1, report.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, again.GetProperty("applied").GetInt32());
        Assert.Equal(1, other.GetProperty("applied").GetInt32());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(3, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task TheOpenApiDocument_DeclaresTheKeyScheme_OnEveryProtectedOperation_WithSummaries()
    {
        using var app = new ApiFactory();
        var document = await (await app.Client(null).GetAsync("/openapi/v1.json")).Json();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        // Decisions (single and batch), events, users, catalog (get and put), models (active and reload).
        Assert.Equal(8, operations.Count);
        Assert.All(operations, o =>
        {
            Assert.True(o.Operation.TryGetProperty("summary", out _), $"{o.Method} {o.Path} has no summary");
            Assert.Equal("ApiKey", o.Operation.GetProperty("security")[0].EnumerateObject().Single().Name);
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), $"{o.Method} {o.Path} documents no 401");
        });
        Assert.All(document.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
    }
}
