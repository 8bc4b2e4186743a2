using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.TestSupport;

/// <summary>
/// A Redis Cluster of the test's own: three masters without replicas (Debian's redis-server in cluster mode, each in
/// a temp folder, on free ports), joined by <c>redis-cli --cluster create</c>, ready once every node reports
/// <c>cluster_state:ok</c>. <see cref="MasterOfSlot"/> says which master serves a slot. A test may kill one master
/// and start it again (same port, same node id and slots; its data is gone: <c>--appendonly no</c>).
/// </summary>
/// <remarks>
/// The nodes are told a long node timeout (60 s), so that a master a test killed is not declared failed, and the
/// other masters go on serving their slots, for as long as a test runs. Each node's cluster bus gets a free port of
/// its own (<c>--cluster-port</c>): the default, the client port + 10000, may be taken or beyond 65535.
/// </remarks>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    public const int Masters = 3;

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);

    private readonly TempFolder _data = new();
    private readonly Node[] _nodes;
    private readonly List<(int From, int To, int Master)> _slots = [];

    private RedisClusterProcess(Node[] nodes) => _nodes = nodes;

    /// <summary>The client port of each master, in the order their slots run.</summary>
    public IReadOnlyList<int> Ports => _nodes.Select(n => n.Port).ToArray();

    /// <summary>The seed endpoints, as a StackExchange.Redis configuration (and the store's <c>redis:</c> target) takes them.</summary>
    public string Address => string.Join(",", _nodes.Select(n => $"127.0.0.1:{n.Port}"));

    /// <summary>Starts the three masters and creates the cluster (skips the test when redis-server or redis-cli is missing).</summary>
    public static async Task<RedisClusterProcess> StartAsync()
    {
        var server = TestServices.RedisServerPath();
        var cli = TestServices.RedisCliPath();
        var ports = FreePorts(2 * Masters);
        var cluster = new RedisClusterProcess(Enumerable.Range(0, Masters).Select(i => new Node(ports[2 * i], ports[2 * i + 1])).ToArray());
        try
        {
            foreach (var node in cluster._nodes)
            {
                node.Folder = Directory.CreateDirectory(Path.Combine(cluster._data.Path, node.Port.ToString(CultureInfo.InvariantCulture))).FullName;
                await cluster.StartNodeAsync(node, server);
            }

            var create = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            create.ArgumentList.Add("--cluster");
            create.ArgumentList.Add("create");
            foreach (var node in cluster._nodes)
            {
                create.ArgumentList.Add($"127.0.0.1:{node.Port}");
            }

            create.ArgumentList.Add("--cluster-replicas");
            create.ArgumentList.Add("0");
            create.ArgumentList.Add("--cluster-yes");
            using (var process = Process.Start(create)!)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(ReadyWithin);
                await process.WaitForExitAsync(timeout.Token);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"redis-cli --cluster create exited with {process.ExitCode}:\n{await output}\n{await error}");
                }
            }

            await cluster.WaitUntilReadyAsync();
            await cluster.ReadSlotsAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The index (0, 1 or 2) of the master that serves <paramref name="slot"/> (0–16383), as the cluster says.</summary>
    public int MasterOfSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, 16383);
        foreach (var (from, to, master) in _slots)
        {
            if (slot >= from && slot <= to)
            {
                return master;
            }
        }

        throw new InvalidOperationException($"No master serves slot {slot}.");
    }

    /// <summary>SIGKILL of one master: its slots stop answering (the others go on); its data is lost.</summary>
    public async Task KillAsync(int master)
    {
        if (_nodes[master].Process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Starts a killed master again on its port and cluster config, and waits until the cluster is whole.</summary>
    public async Task StartAgainAsync(int master)
    {
        await StartNodeAsync(_nodes[master], TestServices.RedisServerPath());
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node.Process is { HasExited: false } p)
            {
                p.Kill();
                await p.WaitForExitAsync();
            }

            node.Process?.Dispose();
        }

        _data.Dispose();
    }

    private async Task StartNodeAsync(Node node, string server)
    {
        var info = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "--port", node.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", node.Folder,
                     "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                     "--cluster-port", node.BusPort.ToString(CultureInfo.InvariantCulture), "--cluster-node-timeout", "60000",
                     "--appendonly", "no", "--save", "",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        node.Process?.Dispose();
        node.Process = Process.Start(info)!;
        node.Process.BeginOutputReadLine();
        node.Process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyWithin)
        {
            if ((await TryQueryAsync(node.Port, "PING"))?.StartsWith('+') == true)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer on port {node.Port} within {ReadyWithin.TotalSeconds} s.");
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        string? last = null;
        while (deadline.Elapsed < ReadyWithin)
        {
            var ready = true;
            foreach (var node in _nodes)
            {
                last = await TryQueryAsync(node.Port, "CLUSTER INFO");
                ready &= last?.Contains("cluster_state:ok", StringComparison.Ordinal) == true
                    && last.Contains("cluster_slots_ok:16384", StringComparison.Ordinal);
            }

            if (ready)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The Redis Cluster was not ready within {ReadyWithin.TotalSeconds} s; last CLUSTER INFO:\n{last}");
    }

    /// <summary>Which master serves which slots, from <c>CLUSTER NODES</c> ("id ip:port@bus flags master ... 0-5460").</summary>
    private async Task ReadSlotsAsync()
    {
        var nodes = await TryQueryAsync(_nodes[0].Port, "CLUSTER NODES")
            ?? throw new InvalidOperationException("CLUSTER NODES did not answer.");
        foreach (var line in nodes.Split('\n').Skip(1))
        {
            var fields = line.Trim().Split(' ');
            if (fields.Length < 9)
            {
                continue;
            }

            var port = int.Parse(fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..fields[1].IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var master = Array.FindIndex(_nodes, n => n.Port == port);
            foreach (var range in fields.Skip(8))
            {
                var bounds = range.Split('-');
                var from = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                _slots.Add((from, bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : from, master));
            }
        }
    }

    /// <summary>One inline command and its whole reply (a status line or a bulk string), or null when the node does not answer.</summary>
    private static async Task<string?> TryQueryAsync(int port, string command)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            var reply = new StringBuilder();
            var buffer = new byte[4096];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return reply.ToString();
                }

                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (IsComplete(reply.ToString()))
                {
                    return reply.ToString();
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private static bool IsComplete(string reply)
    {
        var end = reply.IndexOf("\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        if (reply[0] != '$')
        {
            return true;
        }

        var length = int.Parse(reply.AsSpan(1, end - 1), CultureInfo.InvariantCulture);
        return length < 0 || Encoding.ASCII.GetByteCount(reply) >= end + 2 + length + 2;
    }

    private static int[] FreePorts(int count)
    {
        // All held open at once, so that no two are the same.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private sealed class Node(int port, int busPort)
    {
        public int Port { get; } = port;

        public int BusPort { get; } = busPort;

        public string Folder { get; set; } = "";

        public Process? Process { get; set; }
    }
}
