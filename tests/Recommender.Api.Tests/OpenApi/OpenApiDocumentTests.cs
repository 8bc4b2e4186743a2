using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document the server serves is the one committed as <c>docs/openapi.json</c>: the file scripts/test.sh
/// lints with Redocly's recommended rules and the client tests generate a client from. A change to the API changes the
/// served document; this test then fails until the file is written again
/// (<c>RECOMMENDER_UPDATE_OPENAPI=1 dotnet test tests/Recommender.Api.Tests --filter OpenApiDocumentTests</c>).
/// </summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>The committed document names the default <c>serve</c> address; the served one names the request's.</summary>
    private const string CommittedServer = "http://127.0.0.1:8080";

    [Fact]
    public async Task TheServedDocument_IsTheCommittedOne()
    {
        using var app = new ApiFactory();
        var served = JsonNode.Parse(await (await app.Client(null).GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        served["servers"] = new JsonArray(new JsonObject { ["url"] = CommittedServer });
        var path = Path.Combine(Repository.Root, "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("RECOMMENDER_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "docs/openapi.json is not the document the server serves: run RECOMMENDER_UPDATE_OPENAPI=1 dotnet test tests/Recommender.Api.Tests --filter OpenApiDocumentTests");
    }
}
