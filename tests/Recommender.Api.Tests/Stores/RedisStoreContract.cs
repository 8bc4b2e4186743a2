using System.Text.RegularExpressions;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using StackExchange.Redis;

namespace Recommender.Api.Tests.Stores;

/// <summary>
/// The store contract and what the Redis store adds to it (hash-tagged keys, the store format), run on a single
/// redis-server (<see cref="RedisSingleNodeStoreTests"/>) and on a 3-master Redis Cluster
/// (<see cref="RedisClusterStoreTests"/>). Each test owns a fresh key prefix.
/// </summary>
public abstract class RedisStoreContract : UserStateStoreContract, IDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    protected string Prefix { get; } = $"test:{Guid.NewGuid():N}:";

    /// <summary>The Redis configuration string: one endpoint, or a cluster's seed endpoints.</summary>
    protected abstract string Address();

    protected ConnectionMultiplexer Connect(bool allowAdmin = false)
    {
        var options = ConfigurationOptions.Parse(Address());
        options.AllowAdmin = allowAdmin;
        // A test opening many clients at once on two busy cores can outlast the 5 s default connect; the contract is about
        // the store, not connection set-up.
        options.ConnectTimeout = 20_000;
        options.ConnectRetry = 3;
        var connection = ConnectionMultiplexer.Connect(options);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    protected override IUserStateStore CreateStore() => CreateRedisStore();

    protected override async Task<long> RememberedKeysAsync(string userId) =>
        await Connect().GetDatabase().SortedSetLengthAsync(CreateRedisStore().EventsKey(userId));

    private protected RedisUserStateStore CreateRedisStore() => new(Connect(), Prefix, maxRetries: 1000);

    [SkippableFact]
    public async Task KeysOfOneUser_ShareOneHashSlot_WhoseTagIsTheWholeId()
    {
        var connection = Connect();
        var store = CreateRedisStore();
        string[] ids = ["u1", "}x", "a}b", "{a}", "%7D", "}", "a%b", "{}"];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            RedisKey[] own = [store.UserKey(id), store.EventsKey(id), store.ProfileKey(id)];
            var slot = connection.HashSlot(RedisUserStateStore.Tag(id));
            Assert.All(own, k => Assert.Equal(slot, connection.HashSlot(k)));
            Assert.All(own, k => Assert.True(keys.Add(k!), $"{k} is the key of two users"));
        }

        // Written and read back through the store: on a cluster, a user's script whose keys spanned slots would fail.
        await store.ApplyAsync(ids.Select((id, i) => Ev.Action($"k{i}", id, Ev.T0)).ToList());
        await store.PutProfilesAsync(ids.Select(Ev.Profile).ToList());
        foreach (var id in ids)
        {
            var read = await CreateStore().ReadAsync(id);
            Assert.Equal(1, read.State.EventsApplied);
            Assert.Equal(id, read.Profile?.UserId);
        }
    }

    /// <summary>
    /// A burst of more than 128 events in a week puts the user's id set in Redis's large encoding; once the horizon has
    /// left the burst behind, the set is small again and is written anew in the compact one (16-byte hashes, not ids).
    /// </summary>
    [SkippableFact]
    public async Task AUsersIdsAfterABurst_ReturnToTheCompactEncoding()
    {
        var store = CreateRedisStore();
        var db = Connect().GetDatabase();
        await store.ApplyAsync(Enumerable.Range(0, 200).Select(i => Ev.Action($"burst-event-with-a-long-id-{i:D40}", "u1", Ev.T0.AddMinutes(i))).ToList());
        Assert.Equal("skiplist", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", store.EventsKey("u1")));

        await store.ApplyAsync([Ev.Action("a-week-later", "u1", Ev.T0.AddDays(8))]);

        Assert.Equal(1, await db.SortedSetLengthAsync(store.EventsKey("u1")));
        Assert.Equal("listpack", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", store.EventsKey("u1")));
        Assert.Equal(16, ((byte[])(await db.SortedSetRangeByRankAsync(store.EventsKey("u1")))[0]!).Length);
        Assert.Equal(new ApplyResult(0, 1, 1), await store.ApplyAsync([Ev.Action("a-week-later", "u1", Ev.T0.AddDays(8))]));
    }

    [SkippableFact]
    public async Task AFreshStore_IsMarkedWithItsFormat()
    {
        await CreateStore().ReadAsync("anyone");
        Assert.Equal(RedisUserStateStore.Format, (string?)await Connect().GetDatabase().StringGetAsync(Prefix + "format"));
    }

    /// <summary>Keys an earlier version wrote (no hash tag) are never read as "no such user": the store refuses to serve.</summary>
    [SkippableFact]
    public async Task AStoreHoldingKeysOfTheEarlierFormat_IsRefused_NamingAKeyAndTheWayOut()
    {
        var db = Connect().GetDatabase();
        await db.HashSetAsync(Prefix + "u:legacy", [new HashEntry("s", new byte[] { 1 }), new HashEntry("v", 3)]);
        await db.SetAddAsync(Prefix + "e:legacy", "old-event");

        var store = CreateRedisStore();
        var error = await Assert.ThrowsAsync<StoreFormatException>(store.VerifyFormatAsync);
        // The first old key found: on a cluster, whichever master is scanned first holds.
        Assert.Matches($"'{Regex.Escape(Prefix)}[ue]:legacy'", error.Message);
        Assert.Contains("earlier version", error.Message, StringComparison.Ordinal);
        Assert.Contains("--bootstrap", error.Message, StringComparison.Ordinal);

        // A store that could not check at start refuses every call (503 / "send nothing"), and readiness fails.
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAsync("legacy"));
        Assert.Contains("earlier version", read.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ApplyAsync([Ev.Action("new", "legacy", Ev.T0)]));
        Assert.False(await store.PingAsync());
        Assert.True((await db.StringGetAsync(Prefix + "format")).IsNull);
    }

    [SkippableFact]
    public async Task AStoreMarkedWithAnotherFormat_IsRefused()
    {
        await Connect().GetDatabase().StringSetAsync(Prefix + "format", "9");

        var error = await Assert.ThrowsAsync<StoreFormatException>(CreateRedisStore().VerifyFormatAsync);

        Assert.Contains("format '9'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The server does not start on a store of the earlier format: the start fails with the store's message.</summary>
    [SkippableFact]
    public async Task TheServer_RefusesToStartOnAStoreOfTheEarlierFormat()
    {
        await Connect().GetDatabase().StringSetAsync(Prefix + "p:legacy", "{}");
        using var app = new ApiFactory(settings: new()
        {
            ["Store:Connection"] = "redis:" + Address(),
            ["Store:RedisKeyPrefix"] = Prefix,
        });

        var error = Assert.IsType<StoreFormatException>(await app.RefusedStart());

        Assert.Contains(Prefix + "p:legacy", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_connections.Count > 0)
        {
            CleanUp(_connections[0]);
        }

        foreach (var c in _connections)
        {
            c.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private void CleanUp(ConnectionMultiplexer connection)
    {
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            if (server.IsConnected && !server.IsReplica)
            {
                foreach (var key in server.Keys(pattern: Prefix + "*"))
                {
                    connection.GetDatabase().KeyDelete(key);
                }
            }
        }
    }
}

/// <summary>The contract against the shared redis-server scripts/test.sh starts.</summary>
public sealed class RedisSingleNodeStoreTests : RedisStoreContract
{
    protected override string Address() => TestServices.RedisAddress();
}
