namespace Recommender.Api.Stores;

/// <summary>
/// Checks the Redis store's format before the server listens (and before the bootstrap writes to it): a store holding
/// keys of an earlier version's format stops the start with <see cref="StoreFormatException"/>, which names what was
/// found and what to do, instead of being read as empty. When Redis does not answer yet, the server starts anyway (reads
/// fail safe, readiness says so) and the store checks before its first use.
/// </summary>
internal sealed class StoreStartup(IUserStateStore store, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((store is TimeLimitedStore limited ? limited.Inner : store) is not RedisUserStateStore redis)
        {
            return;
        }

        try
        {
            await redis.VerifyFormatAsync();
        }
        catch (StoreUnavailableException e)
        {
            logger.LogWarning("The Redis store does not answer yet ({Message}); its format is checked before its first use.", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
