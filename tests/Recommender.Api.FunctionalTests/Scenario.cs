using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;

namespace Recommender.Api.FunctionalTests;

/// <summary>A work folder with a small catalog (one send a day, no quiet hours, no exploration) and request helpers.</summary>
public sealed class Scenario : IDisposable
{
    private readonly TempFolder _folder = new();

    public Scenario()
    {
        CatalogJson.Save(CatalogPath, new MessageCatalog
        {
            Messages =
            [
                new MessageDefinition { Id = "welcome", Category = MessageCategory.Onboarding, Channel = "email", GoalEvent = "project_created", Value = 10, Priority = 1 },
                new MessageDefinition { Id = "tips", Category = MessageCategory.Engagement, Channel = "in_app", GoalEvent = "teammate_invited", Value = 5, Priority = 1 },
            ],
            Policy = new ContactPolicy { Overall = new FrequencyCap { PerDay = 1, PerWeek = 5 }, MinGapHours = 0, QuietHours = null, ExplorationRate = 0, Holdout = new GlobalHoldout { Share = 0 } },
        });
    }

    public string Folder => _folder.Path;

    public string CatalogPath => Path.Combine(Folder, "catalog.json");

    public Dictionary<string, string> Environment => new() { ["Catalog__Path"] = CatalogPath };

    public static string Events(IEnumerable<(string Id, string User, DateTime At, string Type)> events) =>
        JsonSerializer.Serialize(events.Select(e => new { event_id = e.Id, user_id = e.User, timestamp = e.At.ToString("O"), event_type = e.Type }));

    /// <param name="client">The server's client.</param>
    /// <param name="url">The endpoint.</param>
    /// <param name="json">The body.</param>
    /// <param name="retryUnavailable">Retry a 503 (the store's time limit) as a caller would, up to ten times: writes are idempotent.</param>
    public static async Task<JsonElement> PostAsync(HttpClient client, string url, string json, bool retryUnavailable = false)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        for (var retry = 0; retryUnavailable && retry < 10 && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable; retry++)
        {
            await Task.Delay(200 * (retry + 1));
            response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string url) => (await client.GetFromJsonAsync<JsonElement>(url)).Clone();

    public void Dispose() => _folder.Dispose();
}
