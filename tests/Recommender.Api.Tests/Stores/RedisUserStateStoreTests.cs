using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using StackExchange.Redis;

namespace Recommender.Api.Tests.Stores;

/// <summary>The contract against the real redis-server; each test owns a fresh key prefix.</summary>
public sealed class RedisUserStateStoreTests : UserStateStoreContract, IDisposable
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private readonly List<ConnectionMultiplexer> _connections = [];

    protected override IUserStateStore CreateStore()
    {
        var connection = ConnectionMultiplexer.Connect(TestServices.RedisAddress());
        _connections.Add(connection);
        return new RedisUserStateStore(connection, _prefix, maxRetries: 1000);
    }

    public void Dispose()
    {
        foreach (var c in _connections)
        {
            var server = c.GetServers()[0];
            foreach (var key in server.Keys(pattern: _prefix + "*"))
            {
                c.GetDatabase().KeyDelete(key);
            }

            c.Dispose();
        }
    }
}
