using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Recommender.Soak;

// The soak: one `recommender serve` (Release; SQLite store bootstrapped from data-samples/, the models/sample bundle,
// decision log on) under a mix of decisions (60 %), event batches (30 %) and user reads (10 %) from --workers
// concurrent callers for --minutes, reporting every --interval: throughput, p50/p99, errors (any answer but 2xx, and
// requests that got none) and the server's memory (resident set and managed heap). A 503 (the store did not answer
// within Store:Timeout, which a machine with far more runnable threads than cores can cause) is an error too, and also
// counted apart: the answer a caller retries. Exit code 1 on any other error, or on 503s above 0.1 % of requests.
var options = SoakOptions.Parse(args);
var cli = Path.Combine(options.Repository, "src", "Recommender.Cli", "bin", "Release", "net10.0", "recommender.dll");
if (!File.Exists(cli))
{
    Console.Error.WriteLine($"Build the CLI first (dotnet build src/Recommender.Cli -c Release): {cli} is missing.");
    return 2;
}

var work = Directory.CreateTempSubdirectory("soak-").FullName;
var port = FreePort();
var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
foreach (var arg in new[] { cli, "serve", "--urls", $"http://127.0.0.1:{port}", "--store", $"sqlite:{Path.Combine(work, "state.db")}",
             "--bootstrap", Path.Combine(options.Repository, "data-samples"), "--model", Path.Combine(options.Repository, "models", "sample") })
{
    info.ArgumentList.Add(arg);
}

info.Environment["Auth__ClientKeys__0"] = "soak-key";
info.Environment["DecisionLog__Folder"] = Path.Combine(work, "decision-log");
// One caller at full speed: the per-key limits are for many callers sharing a server, not for this measurement.
info.Environment["RateLimits__RequestsPerSecond"] = "10000000";
info.Environment["RateLimits__RequestBurst"] = "10000000";
info.Environment["RateLimits__EventsPerSecond"] = "100000000";
info.Environment["RateLimits__EventBurst"] = "100000000";
if (options.StoreTimeout is { } storeTimeout)
{
    info.Environment["Store__Timeout"] = storeTimeout;
}

using var server = Process.Start(info)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail:", StringComparison.Ordinal)) Console.Error.WriteLine("server: " + line); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();

using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Add("X-Api-Key", "soak-key");
try
{
    for (var ready = Stopwatch.StartNew(); ; await Task.Delay(200))
    {
        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromSeconds(120) && !server.HasExited)
        {
        }
    }

    var latencies = new ConcurrentQueue<double>();
    long requests = 0, errors = 0, unavailable = 0;
    var errorKinds = new ConcurrentDictionary<string, int>();
    using var stop = new CancellationTokenSource(options.Duration);
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(async () =>
    {
        var rng = new Random(w);
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var user = $"u{1 + rng.Next(2000):D6}";
            var roll = rng.Next(10);
            HttpRequestMessage request;
            if (roll < 6)
            {
                request = new HttpRequestMessage(HttpMethod.Post, "/v1/decisions") { Content = Json($$"""{"user_id":"{{user}}"}""") };
            }
            else if (roll < 9)
            {
                var now = DateTime.UtcNow;
                var rows = Enumerable.Range(0, 5).Select(i =>
                    $$"""{"event_id":"soak-{{w}}-{{n}}-{{i}}","user_id":"{{user}}","timestamp":"{{now.AddSeconds(-rng.Next(3600)):yyyy-MM-ddTHH:mm:ss.fffZ}}","event_type":"{{(i % 2 == 0 ? "task_created" : "report_exported")}}"}""");
                request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Json("[" + string.Join(",", rows) + "]") };
            }
            else
            {
                request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{user}?message_id=welcome_tour");
            }

            n++;
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref unavailable);
                    }

                    errorKinds.AddOrUpdate($"{request.RequestUri} {(int)response.StatusCode}", 1, (_, c) => c + 1);
                }
            }
            catch (HttpRequestException e)
            {
                Interlocked.Increment(ref errors);
                errorKinds.AddOrUpdate($"{request.RequestUri} {e.GetType().Name}", 1, (_, c) => c + 1);
            }

            latencies.Enqueue(watch.Elapsed.TotalMilliseconds);
            Interlocked.Increment(ref requests);
        }
    })).ToList();

    var intervals = new List<SoakInterval>();
    Console.WriteLine($"soak: {options.Duration.TotalMinutes:0.##} min, {options.Workers} workers, report every {options.Interval.TotalSeconds:0} s (server pid {server.Id}, port {port})");
    Console.WriteLine("| end (s) | requests | errors | req/s | p50 (ms) | p99 (ms) | RSS (MB) | managed heap (MB) |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
    long lastRequests = 0, lastErrors = 0;
    var lastTime = 0.0;
    while (!stop.IsCancellationRequested)
    {
        try
        {
            await Task.Delay(options.Interval, stop.Token);
        }
        catch (TaskCanceledException)
        {
        }

        var samples = new List<double>();
        while (latencies.TryDequeue(out var l))
        {
            samples.Add(l);
        }

        samples.Sort();
        var now = clock.Elapsed.TotalSeconds;
        var total = Interlocked.Read(ref requests);
        var failed = Interlocked.Read(ref errors);
        var (rss, managed) = await Memory(server, http);
        var interval = new SoakInterval(now, total - lastRequests, failed - lastErrors, (total - lastRequests) / (now - lastTime),
            Percentile(samples, 0.50), Percentile(samples, 0.99), rss, managed);
        intervals.Add(interval);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {interval.EndSeconds:F0} | {interval.Requests:N0} | {interval.Errors} | {interval.RequestsPerSecond:F0} | {interval.P50Ms:F2} | {interval.P99Ms:F2} | {interval.RssMb:F0} | {interval.ManagedMb:F0} |"));
        (lastRequests, lastErrors, lastTime) = (total, failed, now);
    }

    await Task.WhenAll(workers);
    var steady = intervals.Count > 2 ? intervals.Skip(1).ToList() : intervals;
    var summary = new
    {
        minutes = options.Duration.TotalMinutes,
        workers = options.Workers,
        requests = Interlocked.Read(ref requests),
        errors = Interlocked.Read(ref errors),
        unavailable = Interlocked.Read(ref unavailable),
        error_kinds = errorKinds,
        requests_per_second = steady.Average(i => i.RequestsPerSecond),
        p99_ms_worst_interval = steady.Max(i => i.P99Ms),
        rss_mb_first = steady[0].RssMb,
        rss_mb_last = steady[^1].RssMb,
        rss_mb_max = steady.Max(i => i.RssMb),
        managed_mb_first = steady[0].ManagedMb,
        managed_mb_last = steady[^1].ManagedMb,
        intervals,
    };
    var json = JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
    if (options.Out is { } path)
    {
        await File.WriteAllTextAsync(path, json);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"total: {summary.requests:N0} requests, {summary.errors} errors ({summary.unavailable} of them 503), {summary.requests_per_second:F0} req/s after the first interval, worst interval p99 {summary.p99_ms_worst_interval:F1} ms, RSS {summary.rss_mb_first:F0} → {summary.rss_mb_last:F0} MB (max {summary.rss_mb_max:F0}), managed heap {summary.managed_mb_first:F0} → {summary.managed_mb_last:F0} MB"));
    foreach (var (kind, count) in errorKinds)
    {
        Console.WriteLine($"error: {kind} x {count}");
    }

    return summary.errors == summary.unavailable && summary.unavailable <= summary.requests / 1000 ? 0 : 1;
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }

    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

// The resident set from /proc, the managed heap from the server's own Prometheus metrics.
static async Task<(double RssMb, double ManagedMb)> Memory(Process server, HttpClient http)
{
    var rss = 0.0;
    foreach (var line in await File.ReadAllLinesAsync($"/proc/{server.Id}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            rss = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }

    var managed = 0.0;
    var metrics = await http.GetStringAsync("/metrics");
    foreach (var line in metrics.Split('\n'))
    {
        if (line.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal))
        {
            managed = double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / (1024 * 1024);
        }
    }

    return (rss, managed);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
