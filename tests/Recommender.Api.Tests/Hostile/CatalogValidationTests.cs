using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Api.Tests.Support;
using Recommender.Core;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 4 of issue #14: an admin could break every decision through the catalog: a null where an object belongs,
/// a number beyond a double (1e400 reads as infinity), a null message. Every such catalog is now 400 naming the
/// field, and the old catalog keeps serving decisions and GET /v1/catalog.
/// </summary>
public sealed class CatalogValidationTests
{
    [Theory]
    [InlineData("messages[0].eligibility", "null", "messages[0].eligibility")]
    [InlineData("policy.support", "null", "policy.support")]
    [InlineData("policy.overall", "null", "policy.overall")]
    [InlineData("policy", "null", "policy")]
    [InlineData("messages[0].eligibility.plans", "null", "messages[0].eligibility.plans")]
    [InlineData("messages[0].eligibility.plans", "[null]", "messages[0].eligibility.plans[0]")]
    [InlineData("messages[0].value", "1e400", "messages[0].value")]
    [InlineData("messages[0].cooldown_hours", "1e400", "messages[0].cooldown_hours")]
    [InlineData("messages[0].goal_window_hours", "1e400", "messages[0].goal_window_hours")]
    [InlineData("policy.min_gap_hours", "1e400", "policy.min_gap_hours")]
    [InlineData("policy.fatigue_weight", "1e400", "policy.fatigue_weight")]
    [InlineData("policy.unsubscribe_cost", "-1e400", "policy.unsubscribe_cost")]
    [InlineData("policy.min_expected_value", "1e400", "policy.min_expected_value")]
    [InlineData("policy.exploration_rate", "1e400", "policy.exploration_rate")]
    [InlineData("policy.fatigue_window_hours", "1e400", "policy.fatigue_window_hours")]
    [InlineData("messages[0].value", "1e300", "messages[0].value")]
    [InlineData("messages[0].cooldown_hours", "1e300", "messages[0].cooldown_hours")]
    [InlineData("messages[0].trigger", """{"event_type":"x","within_hours":1e300}""", "messages[0].trigger.within_hours")]
    [InlineData("messages[0].trigger", """{"event_type":"x","within_hours":1000}""", "messages[0].trigger.within_hours")]
    public async Task HostileCatalog_Is400NamingTheField_AndDecisionsAndTheCatalogKeepServing(string path, string value, string field)
    {
        using var app = new ApiFactory();
        var body = JsonNode.Parse(JsonSerializer.Serialize(TestCatalog.Create(), CoreJson.Options))!;
        Set(body, path, value);

        var response = await app.Client(ApiFactory.AdminKey).PutAsync("/v1/catalog", Content(body.ToJsonString().Replace("\"__RAW__\"", value, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Json()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(field, fields);
        await AssertStillServing(app);
    }

    [Theory]
    [InlineData("""{"messages":[null]}""", "messages[0]")]
    [InlineData("""{"messages":null}""", "messages")]
    [InlineData("""null""", "$")]
    [InlineData("""{"messages":[{"id":"a","category":"marketing","channel":"email","goal_event":"g","value":1,"value":2}]}""", "$")]
    [InlineData("""{"messages":[{"id":"\ud800","category":"marketing","channel":"email","goal_event":"g"}]}""", "messages[0].id")]
    [InlineData("""{"messages":[{"\ud800":"a","category":"marketing","channel":"email","goal_event":"g"}]}""", "$")]
    public async Task MalformedCatalog_Is400_AndDecisionsAndTheCatalogKeepServing(string body, string field)
    {
        using var app = new ApiFactory();
        var response = await app.Client(ApiFactory.AdminKey).PutAsync("/v1/catalog", Content(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Json()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await AssertStillServing(app);
    }

    private static async Task AssertStillServing(ApiFactory app)
    {
        var client = app.Client();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostJson("/v1/decisions", $$"""{"user_id":"u{{i}}"}""")).StatusCode);
        }

        var catalog = await client.GetAsync("/v1/catalog");
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Equal(3, (await catalog.Json()).GetProperty("messages").GetArrayLength());
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Child(node, parts[i]) ?? throw new InvalidOperationException($"no {parts[i]} in {path}");
        }

        // Numbers beyond a double cannot live in a JsonNode: a marker is replaced by the raw text afterwards.
        JsonNode? parsed = value.Contains('e', StringComparison.Ordinal) && !value.StartsWith('{') ? JsonValue.Create("__RAW__") : JsonNode.Parse(value);
        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = parsed;
        }
        else
        {
            node.AsObject()[last] = parsed;
        }
    }

    private static JsonNode? Child(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node[part];

    private static StringContent Content(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
