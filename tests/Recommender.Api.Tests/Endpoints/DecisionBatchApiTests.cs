using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>
/// <c>POST /v1/decisions/batch</c>: each entry answered as the single endpoint would, a bad entry with its own problem,
/// one user's entries in order, and a batch that is not one (too long, not an array) refused whole.
/// </summary>
public sealed class DecisionBatchApiTests
{
    [Fact]
    public async Task ABadEntry_GetsItsOwnProblem_AndTheOthersAreDecided()
    {
        using var app = new ApiFactory();

        var response = await app.Client().PostJson("/v1/decisions/batch",
            """[{"user_id":"u1"},{"user_id":5},{"channel":"email"},{"user_id":"u2","decision_id":"a:b"},{"user_id":"u3","decision_id":"plan-7"}]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.Json()).GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4], entries.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal("welcome", entries[0].GetProperty("decision").GetProperty("message_id").GetString());
        Assert.Equal("plan-7", entries[4].GetProperty("decision").GetProperty("decision_id").GetString());
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("problem").ValueKind);
        var problems = entries.Skip(1).Take(3).Select(e =>
        {
            Assert.Equal(JsonValueKind.Null, e.GetProperty("decision").ValueKind);
            var p = e.GetProperty("problem");
            Assert.Equal(400, p.GetProperty("status").GetInt32());
            Assert.Equal("Invalid decision request", p.GetProperty("title").GetString());
            var issue = p.GetProperty("errors")[0];
            return $"{issue.GetProperty("index").GetInt32()} {issue.GetProperty("field").GetString()}: expected {issue.GetProperty("expected").GetString()}";
        }).ToList();
        Assert.Equal(
        [
            "1 $.user_id: expected a decision request as POST /v1/decisions takes it",
            "2 user_id: expected a non-empty string",
            "3 decision_id: expected null, or 1 to 64 letters, digits, '-' or '_'",
        ], problems);
    }

    [Fact]
    public async Task OneUsersEntries_AreDecidedInOrder_TheSecondSeeingTheFirstsSend()
    {
        using var app = new ApiFactory();

        var response = await app.Client().PostJson("/v1/decisions/batch", """[{"user_id":"u1"},{"user_id":"u2"},{"user_id":"u1"}]""");

        var entries = (await response.Json()).GetProperty("decisions").EnumerateArray().Select(e => e.GetProperty("decision")).ToList();
        Assert.Equal("welcome", entries[0].GetProperty("message_id").GetString());
        Assert.Equal("welcome", entries[1].GetProperty("message_id").GetString());
        // The cap is one send a day: the first entry's send is recorded before the third is decided.
        Assert.Equal(JsonValueKind.Null, entries[2].GetProperty("message_id").ValueKind);
        Assert.Equal("no_eligible_candidate", entries[2].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(4, "4 entries")]
    [InlineData(0, "0 entries")]
    public async Task ABatchOutsideTheLimit_IsRefusedWhole_NamingTheLimit(int entries, string found)
    {
        using var app = new ApiFactory(settings: new() { ["Decisions:MaxBatchSize"] = "3" });
        var body = "[" + string.Join(',', Enumerable.Range(0, entries).Select(i => $$"""{"user_id":"u{{i}}"}""")) + "]";

        var response = await app.Client().PostJson("/v1/decisions/batch", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var issue = (await response.Json()).GetProperty("errors")[0];
        Assert.Equal("an array of 1 to 3 decision requests (Decisions:MaxBatchSize)", issue.GetProperty("expected").GetString());
        Assert.Equal(found, issue.GetProperty("found").GetString());
        // Nothing was decided: the users have no state.
        Assert.Equal(0, (await (await app.Client().GetAsync("/v1/users/u0")).Json()).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task ABodyThatIsNotAnArray_IsRefused()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions/batch", """{"user_id":"u1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("a JSON object", (await response.Json()).GetProperty("errors")[0].GetProperty("found").GetString());
    }

    [Fact]
    public async Task WithoutAKey_TheBatchIsRefused()
    {
        using var app = new ApiFactory();
        var response = await app.Client(null).PostJson("/v1/decisions/batch", """[{"user_id":"u1"}]""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ACallerNamedDecisionId_IsTheAnswersId_AndABadOneIsRefused()
    {
        using var app = new ApiFactory();
        var client = app.Client();

        var named = await (await client.PostJson("/v1/decisions", """{"user_id":"u1","decision_id":"0123abcdEF_-"}""")).Json();
        var refused = await client.PostJson("/v1/decisions", """{"user_id":"u1","decision_id":"decision:1"}""");

        Assert.Equal("0123abcdEF_-", named.GetProperty("decision_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("decision_id", (await refused.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
