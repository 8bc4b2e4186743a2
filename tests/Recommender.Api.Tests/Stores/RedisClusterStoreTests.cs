using System.Net;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using StackExchange.Redis;

namespace Recommender.Api.Tests.Stores;

/// <summary>
/// The store contract on a real 3-master Redis Cluster the tests start (<see cref="RedisClusterFixture"/>), and what
/// only a cluster shows: a batch spans masters, and one master refusing writes leaves the batch committed for the
/// users of the others, which the answer names.
/// </summary>
public sealed class RedisClusterStoreTests(RedisClusterFixture cluster) : RedisStoreContract, IClassFixture<RedisClusterFixture>
{
    protected override string Address() => cluster.Address();

    [SkippableFact]
    public async Task ABatchOverUsersOfEveryMaster_IsCommittedForEachUser()
    {
        var users = await OneUserPerMasterAsync();
        var events = users.SelectMany((u, i) => new[] { Ev.Action($"a{i}", u, Ev.T0), Ev.Action($"b{i}", u, Ev.T0.AddMinutes(1)) }).ToList();

        var result = await CreateStore().ApplyAsync(events);

        Assert.Equal(new ApplyResult(6, 0, 3), result);
        foreach (var user in users)
        {
            var read = await CreateStore().ReadAsync(user);
            Assert.Equal(2, read.State.EventsApplied);
            Assert.Equal(1, read.Version);
        }
    }

    /// <summary>
    /// One master refuses every write (its memory limit is 1 byte: Redis answers OOM, at once and every time): the users
    /// of the other masters are committed, the answer names who was and who was not, and sending the whole batch again
    /// once the master takes writes applies the rest, the committed part counting as duplicates.
    /// </summary>
    [SkippableFact]
    public async Task AMasterRefusingWrites_LeavesTheOtherUsersCommitted_AndTheAnswerNamesBoth_ThenARetryCompletesIt()
    {
        var users = await OneUserPerMasterAsync();
        var events = users.Select((u, i) => Ev.Action($"p{i}", u, Ev.T0)).ToList();
        var refusing = await MasterAsync(2);
        // The store's format marker is written on first use, before the master stops taking writes.
        await CreateStore().ReadAsync(users[0]);

        await refusing.ConfigSetAsync("maxmemory", "1");
        try
        {
            var error = await Assert.ThrowsAsync<BatchPartlyAppliedException>(() => CreateStore().ApplyAsync(events));

            Assert.Equal(users[..2], error.Committed);
            Assert.Equal([users[2]], error.NotCommitted);
            Assert.Equal(1, (await CreateStore().ReadAsync(users[0])).State.EventsApplied);
            Assert.Equal(0, (await CreateStore().ReadAsync(users[2])).State.EventsApplied);
        }
        finally
        {
            await refusing.ConfigSetAsync("maxmemory", "0");
        }

        var retry = await CreateStore().ApplyAsync(events);

        Assert.Equal(new ApplyResult(1, 2, 3), retry);
        Assert.All(users, u => Assert.Equal(1, CreateStore().ReadAsync(u).Result.State.EventsApplied));
    }

    /// <summary>The same through the API: 503 ProblemDetails with <c>users_committed</c> and <c>users_not_committed</c>.</summary>
    [SkippableFact]
    public async Task PostEvents_PartlyCommittedBatch_Is503NamingTheUsers_AndTheRetryIs200()
    {
        var users = await OneUserPerMasterAsync();
        using var app = new ApiFactory(settings: new()
        {
            ["Store:Connection"] = "redis:" + Address(),
            ["Store:RedisKeyPrefix"] = Prefix,
            ["Store:Timeout"] = "00:00:05",
        });
        var client = app.Client();
        var batch = Http.Batch(users.Select((u, i) => Http.EventJson($"h{i}", u, Ev.T0)).ToArray());
        var refusing = await MasterAsync(1);

        await refusing.ConfigSetAsync("maxmemory", "1");
        HttpResponseMessage partial;
        try
        {
            partial = await client.PostJson("/v1/events", batch);
        }
        finally
        {
            await refusing.ConfigSetAsync("maxmemory", "0");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, partial.StatusCode);
        Assert.Equal("application/problem+json", partial.Content.Headers.ContentType?.MediaType);
        var problem = await partial.Json();
        Assert.Equal([users[0], users[2]], problem.GetProperty("users_committed").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal([users[1]], problem.GetProperty("users_not_committed").EnumerateArray().Select(u => u.GetString()));

        var retry = await client.PostJson("/v1/events", batch);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var counts = await retry.Json();
        Assert.Equal(1, counts.GetProperty("applied").GetInt32());
        Assert.Equal(2, counts.GetProperty("duplicates").GetInt32());
    }

    /// <summary>Three user ids, the i-th one's keys on the i-th master.</summary>
    private async Task<string[]> OneUserPerMasterAsync()
    {
        var process = await cluster.ClusterAsync();
        var connection = Connect();
        var users = new string[RedisClusterProcess.Masters];
        for (var i = 0; users.Any(u => u is null); i++)
        {
            var user = $"spread{i}";
            users[process.MasterOfSlot(connection.HashSlot(RedisUserStateStore.Tag(user)))] ??= user;
        }

        return users;
    }

    private async Task<IServer> MasterAsync(int index)
    {
        var process = await cluster.ClusterAsync();
        return Connect(allowAdmin: true).GetServer("127.0.0.1", process.Ports[index]);
    }
}
