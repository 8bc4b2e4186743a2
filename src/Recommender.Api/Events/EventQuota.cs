using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Recommender.Api.Auth;

namespace Recommender.Api.Events;

/// <summary>
/// Events per second per API key (<see cref="RateLimitOptions.EventsPerSecond"/>): a batch spends one token per
/// event. The request limiter alone would let one key post a thousand events per request, each of which may create a
/// user; this bounds what a key can add to the store.
/// </summary>
public sealed class EventQuota : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public EventQuota(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bucket = KeyRateLimits.Bucket(options.Value.EventsPerSecond, options.Value.EventBurst);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
        PerSecond = options.Value.EventsPerSecond;
    }

    public int PerSecond { get; }

    /// <summary>Spends <paramref name="events"/> tokens of the request's key; a refused lease says when to retry.</summary>
    public RateLimitLease Acquire(HttpContext context, int events)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.User.FindFirst(ApiRoles.KeyIdClaim)?.Value ?? string.Empty;
        return _limiter.AttemptAcquire(key, events);
    }

    public void Dispose() => _limiter.Dispose();
}
