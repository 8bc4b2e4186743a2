using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Models;
using Recommender.Api.Tests.Support;
using Recommender.Data;
using Recommender.Data.Catalog;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>The real bundle loader with the bundle shipped in models/: loads, serves, and refuses a tampered copy.</summary>
public sealed class BundleModelTests
{
    [Fact]
    public async Task Shipped_bundle_reloads_and_serves_and_a_tampered_copy_is_refused_while_it_keeps_serving()
    {
        var catalog = CatalogJson.Load(Path.Combine(Repository.DataSamples, "catalog.json"));
        using var app = new ApiFactory(catalog, services: s => s.AddSingleton<IModelLoader, BundleModelLoader>());
        var admin = app.Client(ApiFactory.AdminKey);

        var reloaded = await admin.PostJson("/v1/models/reload", JsonSerializer.Serialize(new { path = Repository.SampleModel }));
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var version = (await (await admin.GetAsync("/v1/models/active")).Json()).GetProperty("version").GetString();
        Assert.StartsWith("sample@", version);

        var tampered = Path.Combine(app.Folder, "tampered");
        Directory.CreateDirectory(tampered);
        foreach (var file in Directory.GetFiles(Repository.SampleModel))
        {
            File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        }

        var manifestPath = Path.Combine(tampered, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["feature_schema_hash"] = new string('0', 64);
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

        var refused = await admin.PostJson("/v1/models/reload", JsonSerializer.Serialize(new { path = tampered }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("schema", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var decision = await (await app.Client().PostJson("/v1/decisions", """{"user_id":"u000001"}""")).Json();
        Assert.Equal(version, decision.GetProperty("model_version").GetString());
    }
}
