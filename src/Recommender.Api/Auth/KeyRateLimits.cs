using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Recommender.Api.Auth;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per API key (<see cref="RateLimitOptions"/>): requests that carry no
/// valid key are not limited here (authentication refuses them, and <see cref="FailedAuthThrottle"/> counts the
/// guesses). A refused request is 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
public static class KeyRateLimits
{
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(limits);
        var bucket = Bucket(limits.RequestsPerSecond, limits.RequestBurst);
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.User.FindFirst(ApiRoles.KeyIdClaim)?.Value is { } key
                ? RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket)
                : RateLimitPartition.GetNoLimiter(string.Empty));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (context, ct) =>
            WriteTooManyAsync(context.HttpContext, context.Lease, "Too many requests for this API key",
                $"This key may make {limits.RequestsPerSecond} requests a second (RateLimits:RequestsPerSecond).", ct);
    }

    /// <summary>A token bucket of <paramref name="burst"/> tokens refilled at <paramref name="perSecond"/>, in tenths of a second.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        // Refilled ten times a second (not once) so that a steady client is never held up to a second.
        TokensPerPeriod = Math.Max(1, perSecond / 10),
        ReplenishmentPeriod = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1.0 / perSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Sets <c>Retry-After</c> (whole seconds, at least 1) from a refused lease; returns the seconds.</summary>
    public static int SetRetryAfter(HttpContext context, RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    /// <summary>429 ProblemDetails with <c>Retry-After</c> from the refused lease.</summary>
    public static async ValueTask WriteTooManyAsync(HttpContext context, RateLimitLease lease, string title, string detail, CancellationToken ct)
    {
        var seconds = SetRetryAfter(context, lease);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = title, Detail = $"{detail} Try again in {seconds} s." },
        }).ConfigureAwait(false);
        _ = ct;
    }
}
