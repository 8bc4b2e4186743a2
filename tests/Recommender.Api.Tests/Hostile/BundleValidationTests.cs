using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Models;
using Recommender.Api.Tests.Support;
using Recommender.Data.Catalog;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 7 of issue #14, with the real bundle loader and the shipped bundle: manifest file names that lead out of the
/// bundle (and an error that showed the file's first bytes), a calibration slope of 1e400, a truncated ML.NET zip, an
/// empty reload path (500), and a version that did not change when a file did.
/// </summary>
public sealed class BundleValidationTests : IDisposable
{
    private readonly ApiFactory _app = new(
        CatalogJson.Load(Path.Combine(Repository.DataSamples, "catalog.json")),
        services: s => s.AddSingleton<IModelLoader, BundleModelLoader>());

    [Theory]
    [InlineData("../../../../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../propensity.forest")]
    [InlineData("")]
    public async Task AManifestNamingAFileOutsideTheBundle_IsRefused_WithoutShowingIt(string name)
    {
        var bundle = Copy("outside");
        await EditManifest(bundle, m => m["models"]!["propensity"]!["forest"] = name);

        var refused = await Reload(bundle);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("not a file inside the bundle folder", text, StringComparison.Ordinal);
        Assert.DoesNotContain("726F6F74", text, StringComparison.Ordinal); // "root" in hex: the start of /etc/passwd
        await AssertOldModelStillServes();
    }

    [Fact]
    public async Task ALinkInTheBundleToAFileOutsideIt_IsRefused()
    {
        var bundle = Copy("link");
        var forest = Path.Combine(bundle, "propensity.forest");
        var outside = Path.Combine(_app.Folder, "outside.forest");
        File.Move(forest, outside);
        File.CreateSymbolicLink(forest, outside);

        var refused = await Reload(bundle);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("not a file inside the bundle folder", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"method":"platt","platt":{"slope":1e400,"intercept":0}}""")]
    [InlineData("""{"method":"platt","platt":{"slope":1,"intercept":-1e400}}""")]
    [InlineData("""{"method":"isotonic","isotonic":{"score_thresholds":[0,1e400],"probabilities":[0.1,0.2]}}""")]
    public async Task ACalibrationThatIsNotFinite_IsRefused(string calibration)
    {
        var bundle = Copy("calibration");
        await File.WriteAllTextAsync(Path.Combine(bundle, "fatigue.calibration.json"), calibration);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Reload(bundle)).StatusCode);
        await AssertOldModelStillServes();
    }

    [Fact]
    public async Task ATruncatedMlNetZip_IsRefused()
    {
        var bundle = Copy("truncated");
        var zip = Path.Combine(bundle, "propensity.mlnet.zip");
        var bytes = await File.ReadAllBytesAsync(zip);
        await File.WriteAllBytesAsync(zip, bytes[..(bytes.Length / 2)]);

        var refused = await Reload(bundle);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("zip", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"path":""}""")]
    [InlineData("""{"path":"   "}""")]
    public async Task AnEmptyReloadPath_Is400(string body)
    {
        var response = await _app.Client(ApiFactory.AdminKey).PostJson("/v1/models/reload", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("path", (await response.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task TheVersionNamesTheContent_AChangedFileChangesIt()
    {
        var first = Copy("v");
        Assert.Equal(HttpStatusCode.OK, (await Reload(first)).StatusCode);
        var before = await Version();

        // The same training data (so the same data fingerprint), one changed calibration: another model.
        var calibration = Path.Combine(first, "fatigue.calibration.json");
        var node = JsonNode.Parse(await File.ReadAllTextAsync(calibration))!;
        node["platt"]!["intercept"] = node["platt"]!["intercept"]!.GetValue<double>() + 0.5;
        await File.WriteAllTextAsync(calibration, node.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await Reload(first)).StatusCode);

        Assert.StartsWith("v@", before, StringComparison.Ordinal);
        Assert.NotEqual(before, await Version());
    }

    public void Dispose() => _app.Dispose();

    private string Copy(string name)
    {
        var folder = Path.Combine(_app.Folder, name);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Repository.SampleModel))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    private static async Task EditManifest(string bundle, Action<JsonNode> edit)
    {
        var path = Path.Combine(bundle, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        edit(manifest);
        await File.WriteAllTextAsync(path, manifest.ToJsonString());
    }

    private Task<HttpResponseMessage> Reload(string path) =>
        _app.Client(ApiFactory.AdminKey).PostJson("/v1/models/reload", JsonSerializer.Serialize(new { path }));

    private async Task<string> Version() =>
        (await (await _app.Client().GetAsync("/v1/models/active")).Json()).GetProperty("version").GetString()!;

    /// <summary>The refused bundle changed nothing: the model that served (the baseline here) still decides.</summary>
    private async Task AssertOldModelStillServes()
    {
        Assert.Equal("baseline", await Version());
        var decision = await _app.Client().PostJson("/v1/decisions", """{"user_id":"u000001"}""");
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        Assert.Equal("baseline", (await decision.Json()).GetProperty("model_version").GetString());
    }
}
