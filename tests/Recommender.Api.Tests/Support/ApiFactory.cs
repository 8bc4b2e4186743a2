using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Models;
using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;

namespace Recommender.Api.Tests.Support;

/// <summary>One app per test: its own SQLite file, decision log folder, catalog file, clock and keys.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string ClientKey = "client-key-1";
    public const string AdminKey = "admin-key-1";

    public ApiFactory(MessageCatalog? catalog = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Folder = Directory.CreateTempSubdirectory("api-test-").FullName;
        CatalogJson.Save(CatalogPath, catalog ?? TestCatalog.Create());
        Settings = settings ?? [];
        ExtraServices = services;
    }

    public string Folder { get; }

    /// <summary>False to read the folder after the host stopped (the test then deletes it).</summary>
    public bool DeleteFolderOnDispose { get; set; } = true;

    public string CatalogPath => Path.Combine(Folder, "catalog.json");

    public string DecisionLogFolder => Path.Combine(Folder, "decision-log");

    public ManualTime Time { get; } = new(new DateTimeOffset(Ev.T0.AddDays(1)));

    private Dictionary<string, string?> Settings { get; }

    private Action<IServiceCollection>? ExtraServices { get; }

    public HttpClient Client(string? key = ClientKey)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>
    /// Starts the production host (<see cref="ApiHost.Build"/>) with this app's settings and returns why it refused
    /// to start (fails the test if it started). Tests of start-up refusals use this, not <see cref="Client"/>: when a
    /// host fails to start, WebApplicationFactory's deferred host sometimes reports an ObjectDisposedException of its
    /// own (it asks the disposed host for its server) instead of the refusal.
    /// </summary>
    public async Task<Exception> RefusedStart()
    {
        var args = AllSettings().Select(s => $"--{s.Key}={s.Value}").ToArray();
        await using var host = ApiHost.Build(args);
        try
        {
            await host.StartAsync();
        }
        catch (Exception e)
        {
            return e;
        }

        await host.StopAsync();
        throw new Xunit.Sdk.XunitException("The host started although its settings should have been refused.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in AllSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddSingleton<IModelLoader, TestModelLoader>();
            ExtraServices?.Invoke(s);
        });
    }

    private IEnumerable<KeyValuePair<string, string?>> AllSettings()
    {
        var all = new Dictionary<string, string?>
        {
            ["Store:Connection"] = "sqlite:" + Path.Combine(Folder, "state.db"),
            ["Auth:ClientKeys:0"] = ClientKey,
            ["Auth:AdminKeys:0"] = AdminKey,
            ["DecisionLog:Folder"] = DecisionLogFolder,
            ["Catalog:Path"] = CatalogPath,
            // A long store limit unless a test sets its own: with every test of the assembly running at once on two
            // cores, a healthy SQLite write of a few hundred events could miss the product's 250 ms and answer 503,
            // failing tests that are not about time. The tests of the limit itself (StoreFaultTests) set it and run alone.
            ["Store:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in Settings)
        {
            all[key] = value;
        }

        return all;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!DeleteFolderOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool is left to the OS's temp cleanup.
        }
    }
}

/// <summary>Reading answers in tests.</summary>
public static class Http
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static string EventJson(string id, string user, DateTime at, string type = "project_created", string? messageId = null, string? properties = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event_id"] = id,
            ["user_id"] = user,
            ["timestamp"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["event_type"] = type,
            ["message_id"] = messageId,
            ["properties"] = properties,
        });

    public static string Batch(params string[] events) => "[" + string.Join(",", events) + "]";
}
