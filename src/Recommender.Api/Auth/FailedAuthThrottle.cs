using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Recommender.Api.Auth;

/// <summary>
/// Counts failed authentications per client address in a token bucket (<see cref="RateLimitOptions.FailedAuthPerMinute"/>
/// tokens, refilled over a minute). An address with no token left is throttled: its keyed requests get 429 until a
/// token comes back. Without it, a caller could try a thousand keys a second.
/// </summary>
/// <remarks>
/// The address is the TCP peer's. Behind a reverse proxy every client shares the proxy's address, so one client's
/// wrong key throttles the others: such a deployment sets a higher budget or throttles at the proxy.
/// </remarks>
public sealed class FailedAuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _refill;

    public FailedAuthThrottle(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.Value.FailedAuthPerMinute;
        _refill = TimeSpan.FromMinutes(1) / perMinute;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _refill,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>True when <paramref name="address"/> has no failure left (see <see cref="RetryAfter"/>).</summary>
    public bool IsThrottled(IPAddress? address) => _failures.GetStatistics(Key(address)) is { CurrentAvailablePermits: <= 0 };

    /// <summary>Spends one of the address's failures; false when there was none left (the address is now throttled).</summary>
    public bool RecordFailure(IPAddress? address)
    {
        using var lease = _failures.AttemptAcquire(Key(address));
        return lease.IsAcquired;
    }

    /// <summary>How long until a throttled address may try again: one token's refill.</summary>
    public TimeSpan RetryAfter => _refill;

    public void Dispose() => _failures.Dispose();

    private static string Key(IPAddress? address) => address?.ToString() ?? "unknown";
}
