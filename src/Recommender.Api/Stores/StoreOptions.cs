using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Stores;

/// <summary>Which state store the API uses. Section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// <c>sqlite:PATH</c> (the default, one file next to the process) or <c>redis:HOST:PORT</c>
    /// (any StackExchange.Redis configuration string after the prefix).
    /// </summary>
    [Required]
    [RegularExpression("^(sqlite|redis):.+$", ErrorMessage = "Store:Connection must be 'sqlite:PATH' or 'redis:HOST:PORT'.")]
    public string Connection { get; set; } = "sqlite:recommender.db";

    /// <summary>Prefix of every Redis key: lets several deployments (or tests) share one server.</summary>
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

    public bool IsRedis => Connection.StartsWith("redis:", StringComparison.Ordinal);

    /// <summary>The part after the <c>sqlite:</c> or <c>redis:</c> prefix.</summary>
    public string Target => Connection[(Connection.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
