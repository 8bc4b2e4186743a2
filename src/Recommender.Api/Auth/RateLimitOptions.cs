using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Auth;

/// <summary>
/// Section <c>RateLimits</c>: what one API key may ask of one server process, and how fast an address may guess keys.
/// </summary>
/// <remarks>
/// Per key, so that one client (or a leaked key) cannot take the whole server from the others, nor create users
/// without bound: each request and each event costs a token, tokens come back at the given rate, and a key with none
/// left is answered 429 with <c>Retry-After</c>. The defaults leave one well-behaved client far below them (a
/// messaging system deciding for its users a few hundred times a second) and still stop a runaway loop; the limits
/// are per process, so replicas multiply them.
/// </remarks>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per second one key may make, sustained.</summary>
    [Range(1, 100_000_000)]
    public int RequestsPerSecond { get; set; } = 2_000;

    /// <summary>Requests one key may make at once after being idle (the token bucket's size).</summary>
    [Range(1, 100_000_000)]
    public int RequestBurst { get; set; } = 4_000;

    /// <summary>Events per second one key may post, sustained (each event can create a user).</summary>
    [Range(1, 100_000_000)]
    public int EventsPerSecond { get; set; } = 20_000;

    /// <summary>Events one key may post at once after being idle; at least <c>Events:MaxBatchSize</c>, or a full batch could never pass.</summary>
    [Range(1, 100_000_000)]
    public int EventBurst { get; set; } = 40_000;

    /// <summary>
    /// Failed authentications (an unknown key) one client address may make per minute. Past it, every request from the
    /// address that carries a key is answered 429 until the minute's budget refills, without checking the key: a right
    /// guess must look the same as a wrong one while the address is throttled.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FailedAuthPerMinute { get; set; } = 30;
}
