using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;
using Recommender.Core;
using Recommender.Data;
using Recommender.Data.Catalog;

namespace Recommender.Api.Tests.Endpoints;

public sealed class CatalogAndModelsApiTests
{
    [Fact]
    public async Task GetCatalog_ReturnsTheServingCatalog()
    {
        using var app = new ApiFactory();
        var catalog = await (await app.Client().GetAsync("/v1/catalog")).Json();
        Assert.Equal(["welcome", "tips", "promo"], catalog.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task PutCatalog_Admin_SwapsItAndWritesTheFile()
    {
        using var app = new ApiFactory();
        var smaller = TestCatalog.Create() with { Messages = [TestCatalog.Create().Messages[1]] };

        var response = await app.Client(ApiFactory.AdminKey).PutAsync("/v1/catalog", Json(smaller));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        Assert.Equal("tips", decision.GetProperty("message_id").GetString());
        Assert.Single(CatalogJson.Load(app.CatalogPath).Messages);
    }

    [Fact]
    public async Task PutCatalog_Client_Is403Problem()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PutAsync("/v1/catalog", Json(TestCatalog.Create()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Each body and the fields of the errors it must give, one per problem, exactly as the catalog file is checked at
    /// start: malformed JSON gives one error for the document ("$"); a document of the wrong shape one error per
    /// member at its path; a well-shaped catalog one error per broken rule, at the rule's field.
    /// </summary>
    [Theory]
    [InlineData("""{"messages": [}""", "$")]
    [InlineData("""{"messages": 3}""", "messages")]
    [InlineData("""{"policy": {}}""", "messages")]
    [InlineData("""{"messages": [{"id": "x", "category": "nonsense", "channel": "email", "goal_event": "g"}]}""", "messages[0].category")]
    [InlineData("""{"messages": [{"id": "x", "category": "marketing", "channel": "email", "goal_event": "g"}, {"id": "x", "category": "marketing", "channel": "email", "goal_event": "g"}]}""", "messages[1].id")]
    [InlineData("""{"messages": [], "policy": {"overall": {"per_day": 5, "per_week": 2}}}""", "messages", "policy.overall.per_day")]
    public async Task PutCatalog_Invalid_Is400WithOneErrorPerProblemAndTheOldCatalogKeepsServing(string body, params string[] fields)
    {
        using var app = new ApiFactory();
        var response = await app.Client(ApiFactory.AdminKey).PutAsync("/v1/catalog", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(fields, errors);
        var catalog = await (await app.Client().GetAsync("/v1/catalog")).Json();
        Assert.Equal(3, catalog.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Models_ActiveThenReloadGoodThenBad_TheGoodOneKeepsServing()
    {
        using var app = new ApiFactory();
        var admin = app.Client(ApiFactory.AdminKey);
        Assert.Equal("test-0", (await (await admin.GetAsync("/v1/models/active")).Json()).GetProperty("version").GetString());

        var good = Bundle(app, "good", """{"version":"m1","event_types":["project_created","teammate_invited"]}""");
        var reloaded = await admin.PostJson("/v1/models/reload", JsonSerializer.Serialize(new { path = good }));
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);

        foreach (var bad in new[]
        {
            Bundle(app, "mismatch", """{"version":"m2","event_types":["other"]}"""),
            Bundle(app, "broken", "{ not json"),
            Path.Combine(app.Folder, "missing"),
        })
        {
            var refused = await admin.PostJson("/v1/models/reload", JsonSerializer.Serialize(new { path = bad }));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var active = await (await admin.GetAsync("/v1/models/active")).Json();
        Assert.Equal("m1", active.GetProperty("version").GetString());
        var decision = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        Assert.Equal("m1", decision.GetProperty("model_version").GetString());

        // A reload without a path reads the serving folder again.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/models/reload", null)).StatusCode);
    }

    [Fact]
    public async Task ReloadModel_WithoutPathOrModelFolder_Is422()
    {
        using var app = new ApiFactory();
        var response = await app.Client(ApiFactory.AdminKey).PostAsync("/v1/models/reload", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task ReloadModel_Client_Is403()
    {
        using var app = new ApiFactory();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client().PostAsync("/v1/models/reload", null)).StatusCode);
    }

    private static string Bundle(ApiFactory app, string name, string manifest)
    {
        var dir = Path.Combine(app.Folder, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest);
        return dir;
    }

    private static StringContent Json(Recommender.Core.Catalog.MessageCatalog catalog) =>
        new(JsonSerializer.Serialize(catalog, CoreJson.Options), System.Text.Encoding.UTF8, "application/json");
}
