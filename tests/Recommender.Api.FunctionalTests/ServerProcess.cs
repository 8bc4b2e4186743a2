using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Recommender.Api.FunctionalTests;

/// <summary>One <c>dotnet recommender.dll serve</c> process on a free port, with its output kept for failure messages.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ClientKey = "functional-client";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServerProcess(Process process, int port, X509Certificate2? certificate)
    {
        _process = process;
        Port = port;
        Certificate = certificate;
        Client = new HttpClient(TrustingOnly(certificate)) { BaseAddress = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ClientKey);
    }

    /// <summary>The server's own certificate when it serves HTTPS (<see cref="StartAsync"/> with a certificate), else null.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>A handler that accepts exactly <paramref name="certificate"/> (a test's self-signed one), or the default.</summary>
    public static HttpMessageHandler TrustingOnly(X509Certificate2? certificate) => certificate is null
        ? new HttpClientHandler()
        : new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };

    public int Port { get; }

    public HttpClient Client { get; }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>What the server wrote to standard error alone (also in <see cref="Output"/>).</summary>
    public string StandardError { get { lock (_output) { return _error.ToString(); } } }

    /// <summary>The exit code, once the process has exited (<see cref="WaitForExitAsync"/>, <see cref="StopAsync"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <param name="store">The --store option.</param>
    /// <param name="workDir">The server's working folder (its decision log goes below it).</param>
    /// <param name="environment">More configuration, as environment variables.</param>
    /// <param name="certificate">Serve HTTPS with this certificate (with its private key) instead of HTTP.</param>
    public static async Task<ServerProcess> StartAsync(string store, string workDir, IDictionary<string, string>? environment = null, X509Certificate2? certificate = null)
    {
        // The port is free when chosen, but the other test assemblies' outgoing connections draw their local ports from
        // the same range and may take it before the server binds: a server that could not bind is started again on
        // another port. Any other failure to start is the test's to see.
        for (var attempt = 1; ; attempt++)
        {
            var server = await LaunchAsync(store, workDir, environment, certificate);
            try
            {
                await server.WaitReadyAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task<ServerProcess> LaunchAsync(string store, string workDir, IDictionary<string, string>? environment, X509Certificate2? certificate)
    {
        var port = FreePort();
        var scheme = certificate is null ? "http" : "https";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Repository.CliDll, "serve", "--urls", $"{scheme}://127.0.0.1:{port}", "--store", store })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Auth__ClientKeys__0"] = ClientKey;
        info.Environment["DecisionLog__Folder"] = Path.Combine(workDir, "decision-log");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        if (certificate is not null)
        {
            var pfx = Path.Combine(workDir, $"server-{port}.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"));
            info.Environment["Kestrel__Certificates__Default__Path"] = pfx;
            info.Environment["Kestrel__Certificates__Default__Password"] = "test";
        }

        var server = new ServerProcess(Process.Start(info)!, port, certificate);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data, error: true);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>SIGKILL: a crash, nothing flushed that was not already durable.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: a graceful stop (drains the decision log).</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the process to exit on its own, and for the last of its output to be read.</summary>
    public async Task WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line, bool error = false)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
                if (error)
                {
                    _error.AppendLine(line);
                }
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                // The parameterless wait also drains the redirected output: without it, a server that exits at once
                // (a refused start-up) can be reported before its message has been read.
                _process.WaitForExit();
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await Client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not become ready in 60 s:\n{Output}");
    }
}
