using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Endpoints;

public sealed class DecisionsApiTests
{
    [Fact]
    public async Task PostDecision_FreshUser_ChoosesTheBestMessageWithTheFullExplanation()
    {
        using var app = new ApiFactory();

        var response = await app.Client().PostJson("/v1/decisions", """{"user_id":"u1"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var d = await response.Json();
        Assert.False(string.IsNullOrEmpty(d.GetProperty("decision_id").GetString()));
        Assert.Equal("u1", d.GetProperty("user_id").GetString());
        Assert.Equal("welcome", d.GetProperty("message_id").GetString());
        Assert.Equal("best_expected_value", d.GetProperty("reason").GetString());
        Assert.Equal(1.0, d.GetProperty("propensity").GetDouble());
        Assert.Equal(1.0, d.GetProperty("distribution").GetProperty("welcome").GetDouble());
        Assert.Equal("test-0", d.GetProperty("model_version").GetString());
        Assert.Equal(3, d.GetProperty("scores").GetArrayLength());
        Assert.Equal(5.0, d.GetProperty("scores")[0].GetProperty("expected_value").GetDouble());
        Assert.Equal(0, d.GetProperty("suppressed").GetArrayLength());
    }

    [Fact]
    public async Task PostDecision_AfterASendToday_SendsNothingAndNamesTheCap()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        await client.PostJson("/v1/decisions", """{"user_id":"u1"}""");

        var d = await (await client.PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, d.GetProperty("message_id").ValueKind);
        Assert.Equal("no_eligible_candidate", d.GetProperty("reason").GetString());
        // The catalog allows one send a day over all messages (TestCatalog: per_day 1, no cooldown, no min gap, no goal
        // reached yet), and "welcome" went out a moment ago: each of the three messages is held back by that cap alone.
        const string Cap = "all messages: 1 sent in 24 h, cap 1";
        var suppressed = d.GetProperty("suppressed").EnumerateArray()
            .Select(s => $"{s.GetProperty("message_id").GetString()} {s.GetProperty("rule").GetString()}: {s.GetProperty("detail").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal([$"promo cap_overall: {Cap}", $"tips cap_overall: {Cap}", $"welcome cap_overall: {Cap}"], suppressed);
    }

    [Fact]
    public async Task CallersMessageSent_WithTheDecisionId_IsTheSameSend()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        var d = await (await client.PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        var id = d.GetProperty("decision_id").GetString();

        var sent = Http.EventJson("s1", "u1", app.Time.Now.UtcDateTime, "message_sent", "welcome", $$"""{"decision_id":"{{id}}","propensity":1}""");
        var ingest = await (await client.PostJson("/v1/events", Http.Batch(sent))).Json();

        Assert.Equal(1, ingest.GetProperty("duplicates").GetInt32());
        var user = await (await client.GetAsync("/v1/users/u1")).Json();
        Assert.Equal(1, user.GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task PostDecision_ChannelAndCandidates_NarrowTheChoice()
    {
        using var app = new ApiFactory();
        var client = app.Client();

        var inApp = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","channel":"in_app"}""")).Json();
        var named = await (await client.PostJson("/v1/decisions", """{"user_id":"u2","candidates":["promo","nope"]}""")).Json();

        Assert.Equal("tips", inApp.GetProperty("message_id").GetString());
        Assert.Equal("promo", named.GetProperty("message_id").GetString());
        var unknown = Assert.Single(named.GetProperty("suppressed").EnumerateArray());
        Assert.Equal("nope", unknown.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task PostDecision_AsOf_IsTheDecisionInstant()
    {
        using var app = new ApiFactory();
        var d = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u1","as_of":"2026-03-04T10:00:00Z"}""")).Json();
        Assert.Equal(new DateTime(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc), d.GetProperty("as_of").GetDateTime().ToUniversalTime());
    }

    [Theory]
    [InlineData("""{}""", "user_id")]
    [InlineData("""{"user_id":"  "}""", "user_id")]
    [InlineData("""{"user_id":"u","channel":""}""", "channel")]
    [InlineData("""{"user_id":"u","candidates":[]}""", "candidates")]
    [InlineData("""{"user_id":"u","candidates":["a",""]}""", "candidates")]
    [InlineData("""{"user_id":"u","as_of":"soon"}""", "as_of")]
    [InlineData("""{"user_id":"u","as_of":"2026-03-05T10:00:00"}""", "as_of")]
    public async Task PostDecision_InvalidField_IsA400ProblemNamingIt(string body, string field)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"user_id":"u","colour":"red"}""")]
    [InlineData("""{"user_id":5}""")]
    [InlineData("""{"user_id":"u","candidates":"welcome"}""")]
    [InlineData("""{"user_id":""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public async Task PostDecision_UnreadableBody_IsA400Problem(string body)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostDecision_AsOfBeforeTheExactState_FailsSafeWithNoSend()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("a", "u1", Ev.T0)));
        app.Time.Now = new DateTimeOffset(Ev.T0.AddDays(80));
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("b", "u1", Ev.T0.AddDays(80))));

        // Two months back: the state keeps exact instants only from about a week before its latest event.
        var response = await client.PostJson("/v1/decisions", """{"user_id":"u1","as_of":"2026-03-03T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var d = await response.Json();
        Assert.Equal(JsonValueKind.Null, d.GetProperty("message_id").ValueKind);
        Assert.Equal("state_unanswerable", d.GetProperty("reason").GetString());
        Assert.Equal(1, d.GetProperty("propensity").GetDouble());
    }

    [Fact]
    public async Task Decisions_AreWrittenToTheDecisionLogOnShutdown()
    {
        var app = new ApiFactory { DeleteFolderOnDispose = false };
        var ids = new List<string>();
        try
        {
            var client = app.Client();
            for (var i = 0; i < 5; i++)
            {
                var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u{{i}}"}""")).Json();
                ids.Add(d.GetProperty("decision_id").GetString()!);
            }

            await app.DisposeAsync();
            var rows = await DecisionLogTestFile.ReadAllAsync([app.DecisionLogFolder]);
            Assert.Equal(ids.Order(), rows.Select(r => r.DecisionId).Order());
            Assert.All(rows, r => Assert.Equal("welcome", r.MessageId));
            Assert.Empty(Directory.GetFiles(app.DecisionLogFolder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }
}
