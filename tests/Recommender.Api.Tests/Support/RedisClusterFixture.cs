namespace Recommender.Api.Tests.Support;

/// <summary>
/// One 3-master Redis Cluster (<see cref="RedisClusterProcess"/>) for a test class, started on first use and stopped
/// after the class. Tests of one class run one after the other, so a test may change a node (and must set it back);
/// each test keeps its own key prefix. Without redis-server or redis-cli every use skips the test (or fails it under
/// scripts/test.sh), as <see cref="TestServices"/> decides.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    // Started off the test's synchronisation context, so that a test may also wait for it synchronously.
    private readonly Lazy<Task<RedisClusterProcess>> _cluster = new(() => Task.Run(RedisClusterProcess.StartAsync));

    /// <summary>The cluster; the same skip or failure for every test that asks when it could not start.</summary>
    public Task<RedisClusterProcess> ClusterAsync() => _cluster.Value;

    /// <summary>The seed endpoints (host:port,host:port,host:port).</summary>
    public string Address() => ClusterAsync().GetAwaiter().GetResult().Address;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster.IsValueCreated && await Task.WhenAny(_cluster.Value) is { IsCompletedSuccessfully: true } started)
        {
            await started.Result.DisposeAsync();
        }
    }
}
