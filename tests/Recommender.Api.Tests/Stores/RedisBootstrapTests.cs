using System.Diagnostics;
using System.Net;
using Recommender.Api.Tests.Support;
using Recommender.TestSupport;

namespace Recommender.Api.Tests.Stores;

/// <summary>
/// Bootstrap into Redis is not bounded by a request's Store:Timeout. The Redis client's own timeout was once set to
/// it, so a batch that a busy server answered after more than a quarter second failed the whole start: the bootstrap of
/// a million users failed that way on a loaded machine. Here the server stops answering for 2.5 s mid-bootstrap.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class RedisBootstrapTests
{
    [SkippableFact]
    public async Task ABootstrapBatchAnsweredLaterThanTheStoreTimeout_StillLoads()
    {
        await using var redis = await RedisProcess.StartAsync();
        var catalog = Recommender.Data.Catalog.CatalogJson.Load(Path.Combine(Repository.DataSamples, "catalog.json"));
        using var app = new ApiFactory(catalog, new()
        {
            ["Store:Connection"] = "redis:" + redis.Address,
            ["Store:Timeout"] = "00:00:00.250",
            ["Bootstrap:Path"] = Repository.DataSamples,
        });

        var watch = Stopwatch.StartNew();
        TimeSpan? pausedAt = null;
        var pausing = Task.Run(async () =>
        {
            // Loading the sample (its profiles, then about 160,000 events) takes seconds: the pause lands inside it.
            await Task.Delay(400);
            redis.Pause();
            pausedAt = watch.Elapsed;
            // Longer than two of the client's once-a-second timeout checks, shorter than StoreOptions.BulkTimeout.
            await Task.Delay(2500);
            redis.Resume();
        });

        var client = app.Client();
        var started = watch.Elapsed;
        await pausing;

        Assert.True(pausedAt < started, $"the pause ({pausedAt}) came after the bootstrap ended ({started}): the test proved nothing");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var user = await (await client.GetAsync("/v1/users/u000001")).Json();
        Assert.True(user.GetProperty("events_applied").GetInt64() > 0, user.ToString());
    }
}
