using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// A steady stream of event batches and decisions against one server, keeping what the server acknowledged (a 200):
/// the events of every acknowledged batch, and every send an acknowledged decision chose. Requests the server never
/// answered (it was killed) are not acknowledged and promise nothing.
/// </summary>
public sealed class SteadyLoad
{
    private const int EventWorkers = 3;
    private const int DecisionWorkers = 3;
    private static readonly string[] DecisionUsers = [.. Enumerable.Range(0, 40).Select(i => $"d{i}")];

    private readonly ConcurrentQueue<string> _acknowledgedEvents = new();
    private readonly ConcurrentQueue<(string User, DateTime At, string DecisionId)> _acknowledgedSends = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _round;

    /// <summary>Every event row (JSON) of an acknowledged batch.</summary>
    public IReadOnlyCollection<string> AcknowledgedEvents => _acknowledgedEvents;

    /// <summary>Every send an acknowledged decision chose: the user and the instant the store recorded it at.</summary>
    public IReadOnlyCollection<(string User, DateTime At, string DecisionId)> AcknowledgedSends => _acknowledgedSends;

    /// <summary>Answers other than 200 (and requests that got no answer), by kind: what the load saw while things broke.</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>Runs the workers against <paramref name="baseAddress"/> until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(Uri baseAddress, string key, CancellationToken stop)
    {
        var round = Interlocked.Increment(ref _round);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var workers = Enumerable.Range(0, EventWorkers).Select(w => Task.Run(() => Events(client, round, w, stop)))
            .Concat(Enumerable.Range(0, DecisionWorkers).Select(w => Task.Run(() => Decisions(client, round * 100 + w, stop))));
        await Task.WhenAll(workers);
    }

    private async Task Events(HttpClient client, int round, int worker, CancellationToken stop)
    {
        var rng = new Random(round * 31 + worker);
        for (var batch = 0; !stop.IsCancellationRequested; batch++)
        {
            var rows = Enumerable.Range(0, 5).Select(i =>
            {
                var user = $"w{worker}-u{rng.Next(20)}";
                var at = DateTime.UtcNow.AddMinutes(-rng.Next(60 * 24 * 20));
                return $$"""{"event_id":"r{{round}}-w{{worker}}-b{{batch}}-{{i}}","user_id":"{{user}}","timestamp":"{{Iso(at)}}","event_type":"task_created"}""";
            }).ToList();
            if (await Post(client, "/v1/events", "[" + string.Join(",", rows) + "]", stop) is not null)
            {
                foreach (var row in rows)
                {
                    _acknowledgedEvents.Enqueue(row);
                }
            }
        }
    }

    private async Task Decisions(HttpClient client, int seed, CancellationToken stop)
    {
        var rng = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var user = DecisionUsers[rng.Next(DecisionUsers.Length)];
            // Now, or an as_of up to two days back: the decision must still count every send recorded after it.
            var body = rng.Next(3) == 0
                ? $$"""{"user_id":"{{user}}"}"""
                : $$"""{"user_id":"{{user}}","as_of":"{{Iso(DateTime.UtcNow.AddMinutes(-rng.Next(60 * 48)))}}"}""";
            if (await Post(client, "/v1/decisions", body, stop) is { } decision && decision.GetProperty("message_id").ValueKind == JsonValueKind.String)
            {
                _acknowledgedSends.Enqueue((user, decision.GetProperty("as_of").GetDateTime().ToUniversalTime().AddTicks(-1), decision.GetProperty("decision_id").GetString()!));
            }
        }
    }

    private async Task<JsonElement?> Post(HttpClient client, string url, string body, CancellationToken stop)
    {
        try
        {
            using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), stop);
            var text = await response.Content.ReadAsStringAsync(stop);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            _errors.AddOrUpdate($"{url} {(int)response.StatusCode}", 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500 && (int)response.StatusCode != 503)
            {
                _errors.AddOrUpdate($"{url} {(int)response.StatusCode}: {text}", 1, (_, n) => n + 1);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (!stop.IsCancellationRequested)
            {
                _errors.AddOrUpdate($"{url} no answer", 1, (_, n) => n + 1);
                // The server is gone (killed): wait for the next one rather than spin.
                await Task.Delay(50, CancellationToken.None);
            }
        }

        return null;
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
