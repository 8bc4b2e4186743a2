using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Recommender.TestSupport;

/// <summary>
/// A redis-server of the test's own, on a free port, that the test may stop (SIGSTOP), continue, kill and restart:
/// the shared server scripts/test.sh starts must never be frozen under the other tests. Durable like a deployment
/// (<c>appendfsync always</c>); its data lives in a temp folder that outlives restarts of the process.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly TempFolder _data = new();
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server (skips the test when there is none and services are not required).</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(FreePort());
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts the server again on the same port and data after <see cref="KillAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(TestServices.RedisServerPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path,
                     "--appendonly", "yes", "--appendfsync", "always", "--save", "" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer on port {Port} within 20 s.");
    }

    /// <summary>SIGSTOP: the server keeps its connections open and answers nothing, like a hung host.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: the paused server goes on, working off what it received meanwhile.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGKILL: the server is gone; only what it had written to its append-only file survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Resume();
        }

        await KillAsync();
        _process?.Dispose();
        _data.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process!.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
