using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Stores;

/// <summary>Which state store the API uses. Section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// <c>sqlite:PATH</c> (the default, one file next to the process) or <c>redis:HOST:PORT</c>
    /// (any StackExchange.Redis configuration string after the prefix; for a Redis Cluster, one or more of its nodes
    /// as seeds, <c>redis:HOST1:PORT1,HOST2:PORT2</c>).
    /// </summary>
    [Required]
    [RegularExpression("^(sqlite|redis):.+$", ErrorMessage = "Store:Connection must be 'sqlite:PATH' or 'redis:HOST:PORT'.")]
    public string Connection { get; set; } = "sqlite:recommender.db";

    /// <summary>
    /// Prefix of every Redis key: lets several deployments (or tests) share one server. No braces: the keys' Redis
    /// Cluster hash tag (<c>{user}</c>) must be the first one in the key.
    /// </summary>
    [RegularExpression("^[^{}]*$", ErrorMessage = "Store:RedisKeyPrefix must not contain '{' or '}' (the keys' Redis Cluster hash tag follows it).")]
    public string RedisKeyPrefix { get; set; } = "rec:";

    /// <summary>How often a conflicting Redis batch is retried before the request fails.</summary>
    [Range(1, 1000)]
    public int MaxRetries { get; set; } = 100;

    /// <summary>
    /// SQLite only: how many users' decoded states and profiles the process keeps in memory and answers reads from
    /// (0 = none: every read asks SQLite). The process owns the file and updates them after every commit, so this
    /// trades memory for reads, never freshness.
    /// </summary>
    [Range(0, 100_000_000)]
    public int SqliteCacheUsers { get; set; } = SqliteUserStateStore.DefaultCacheUsers;

    /// <summary>
    /// Longest wait for any one store call (read, write, ping). A store that does not answer in time counts as
    /// unavailable: decisions send nothing (<c>state_unavailable</c>), event posts answer 503, readiness turns 503.
    /// Short, because a decision's caller is waiting and a stalled store otherwise stalls every request (the Redis
    /// client's own default is 5 s). Between 10 ms and 60 s.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the Redis client waits for an answer no request waits for (bootstrap's batches, a plan's user listing):
    /// Redis's client default. Requests are bounded by <see cref="Timeout"/> whatever this is.
    /// </summary>
    public static readonly TimeSpan BulkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default of <see cref="IdempotencyHorizon"/>: a week, longer than any caller's retry.</summary>
    public static readonly TimeSpan DefaultIdempotencyHorizon = TimeSpan.FromDays(7);

    /// <summary>
    /// How long applied event ids are remembered, in event time: a user's ids are kept while their event's timestamp
    /// lies within this span behind the user's latest event, and forgotten after. An event dated before that (whose id
    /// may have been forgotten) is not applied: the answer counts and lists it as expired. Longer than any retry; between
    /// one hour and ten years, and longer than <c>Limits:MaxFutureSkew</c>.
    /// </summary>
    public TimeSpan IdempotencyHorizon { get; set; } = DefaultIdempotencyHorizon;

    /// <summary>Checks run at start, beside the data annotations.</summary>
    public static bool HorizonIsValid(StoreOptions options) =>
        options is not null && options.IdempotencyHorizon >= TimeSpan.FromHours(1) && options.IdempotencyHorizon <= TimeSpan.FromDays(3653);

    /// <summary>Checks run at start, beside the data annotations.</summary>
    public static bool TimeoutIsValid(StoreOptions options) =>
        options is not null && options.Timeout >= TimeSpan.FromMilliseconds(10) && options.Timeout <= TimeSpan.FromSeconds(60);

    public bool IsRedis => Connection.StartsWith("redis:", StringComparison.Ordinal);

    /// <summary>The part after the <c>sqlite:</c> or <c>redis:</c> prefix.</summary>
    public string Target => Connection[(Connection.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
