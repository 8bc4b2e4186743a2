using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Features;
using static Recommender.Api.Stores.SqliteSnapshotCache;

namespace Recommender.Api.Tests.Stores;

/// <summary>The cache answers reads by itself, so each way it could keep a state older than the committed one is pinned here.</summary>
public sealed class SqliteSnapshotCacheTests
{
    private static CachedUser User(long version, int events)
    {
        var state = new UserState();
        for (var i = 0; i < events; i++)
        {
            state.Apply(Ev.Action($"e{i}", "u1", Ev.T0.AddMinutes(i)));
        }

        return new CachedUser(version, state, Ev.Profile("u1"));
    }

    /// <summary>A user is kept on the second read (the doorkeeper remembers the first): reads it twice.</summary>
    private static void ReadTwice(SqliteSnapshotCache cache, string userId, CachedUser user)
    {
        cache.AddRead(userId, user, cache.Generation);
        cache.AddRead(userId, user, cache.Generation);
    }

    [Fact]
    public void AUserReadOnce_IsNotKept_ButReadAgain_IsKept()
    {
        var cache = new SqliteSnapshotCache(10);
        cache.AddRead("u1", User(1, 1), cache.Generation);
        Assert.False(cache.TryGet("u1", out _));

        cache.AddRead("u1", User(1, 1), cache.Generation);
        Assert.True(cache.TryGet("u1", out var kept));
        Assert.Equal(1, kept.Version);
    }

    /// <summary>
    /// Requests spread uniformly over far more users than the cache holds: keeping every miss churned the cache (and the
    /// garbage of each start-over set the tail latency); users read once now stay out.
    /// </summary>
    [Fact]
    public void ManyUsersReadOnce_FillAlmostNothing()
    {
        var cache = new SqliteSnapshotCache(1_000);
        var user = User(1, 1);
        for (var i = 0; i < 50_000; i++)
        {
            cache.AddRead($"u{i}", user, cache.Generation);
        }

        var kept = Enumerable.Range(0, 50_000).Count(i => cache.TryGet($"u{i}", out _));
        Assert.True(kept < 500, $"{kept} of 50,000 users read once were kept");
    }

    [Fact]
    public void AMissThatRacedACommit_IsAnsweredButNotKept()
    {
        var cache = new SqliteSnapshotCache(10);
        cache.AddRead("u1", User(1, 1), cache.Generation);
        var before = cache.Generation;
        var readFromSqlite = User(1, 1);

        cache.Committed([("u1", 2, User(2, 2).State)], []);
        cache.AddRead("u1", readFromSqlite, before);

        Assert.False(cache.TryGet("u1", out _));
    }

    [Fact]
    public void AMissWithNoCommitMeanwhile_IsKept_AndACommitUpdatesIt()
    {
        var cache = new SqliteSnapshotCache(10);
        ReadTwice(cache, "u1", User(1, 1));
        Assert.True(cache.TryGet("u1", out var kept));
        Assert.Equal(1, kept.Version);

        var newer = User(2, 2).State;
        cache.Committed([("u1", 2, newer)], []);

        Assert.True(cache.TryGet("u1", out var updated));
        Assert.Equal(2, updated.Version);
        Assert.Same(newer, updated.State);
        Assert.Equal("u1", updated.Profile?.UserId);
    }

    [Fact]
    public void AnOlderCommittedVersion_NeverReplacesANewerEntry()
    {
        var cache = new SqliteSnapshotCache(10);
        ReadTwice(cache, "u1", User(5, 5));

        cache.Committed([("u1", 4, User(4, 4).State)], []);

        Assert.True(cache.TryGet("u1", out var kept));
        Assert.Equal(5, kept.Version);
    }

    [Fact]
    public void AProfileWrite_DropsTheUser_SoTheNextReadGoesToTheStore()
    {
        var cache = new SqliteSnapshotCache(10);
        ReadTwice(cache, "u1", User(1, 1));
        ReadTwice(cache, "u2", User(1, 1));

        cache.Committed([], ["u1"]);

        Assert.False(cache.TryGet("u1", out _));
        Assert.True(cache.TryGet("u2", out _));
    }

    [Fact]
    public void AForgottenUser_IsGone_AndAMissStartedBeforeTheForgetIsNotKept()
    {
        var cache = new SqliteSnapshotCache(10);
        ReadTwice(cache, "u1", User(1, 1));
        var before = cache.Generation;

        cache.Forget("u1");
        cache.AddRead("u1", User(1, 1), before);

        Assert.False(cache.TryGet("u1", out _));
    }

    [Fact]
    public void AFullCache_StartsOver_AndADisabledOneKeepsNothing()
    {
        var cache = new SqliteSnapshotCache(2);
        ReadTwice(cache, "u1", User(1, 1));
        ReadTwice(cache, "u2", User(1, 1));
        ReadTwice(cache, "u3", User(1, 1));
        Assert.False(cache.TryGet("u1", out _));
        Assert.True(cache.TryGet("u3", out _));

        var disabled = new SqliteSnapshotCache(0);
        ReadTwice(disabled, "u1", User(1, 1));
        Assert.False(disabled.TryGet("u1", out _));
    }
}
