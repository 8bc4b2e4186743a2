using System.Collections.Concurrent;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// The SQLite store's in-process copy of users: folded state, version and parsed profile. The store owns its file
/// (<see cref="SqliteFileLease"/>), so every change goes through this process's committer, which updates the copy
/// after each COMMIT: a hit is the stored truth and is served without asking SQLite.
/// </summary>
/// <remarks>
/// <para>Why: asking SQLite for the version on every read (so that another process's writes were seen) was the largest
/// cost of a decision after the engine: every commit resets every read connection's page cache, so a read paid a
/// handful of <c>pread</c> calls and file locks. With one owner there is nothing to ask.</para>
/// <para>A miss reads SQLite and adds what it read unless a commit ran meanwhile (<see cref="Generation"/>): a read that
/// raced a commit might hold the state from before it, and the commit only updates entries that exist, so the racing
/// read is answered but not kept. Entries are shared by concurrent readers and never mutated: writers fold a fresh copy
/// decoded from the stored bytes. Memory is bounded by <c>capacity</c> users: when full, the cache starts over (the hot
/// users come back at the cost of one read each), which keeps the bound without bookkeeping on every hit.</para>
/// <para>A miss is kept only if the user was read before, recently (<see cref="ReadDoorkeeper"/>): users asked for once
/// do not push out the ones asked for again.</para>
/// </remarks>
internal sealed class SqliteSnapshotCache(int capacity)
{
    // The doorkeeper remembers as many first reads as the cache holds users, and never fewer than this, so that a small
    // cache still admits a user read twice in quick succession.
    private const int MinimumDoorkeeperWindow = 1024;

    private readonly ConcurrentDictionary<string, CachedUser> _users = new(StringComparer.Ordinal);
    private readonly ReadDoorkeeper? _doorkeeper = capacity > 0 ? new ReadDoorkeeper(Math.Max(capacity, MinimumDoorkeeperWindow)) : null;
    private long _generation;
    private int _count;

    public bool Enabled => capacity > 0;

    /// <summary>Grows with every commit; a miss notes it before reading SQLite.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string userId, out CachedUser user)
    {
        if (Enabled && _users.TryGetValue(userId, out var found))
        {
            user = found;
            return true;
        }

        user = null!;
        return false;
    }

    /// <summary>
    /// Keeps what a miss read from SQLite if the user was read before (the first read is only remembered), unless a
    /// commit ran since <paramref name="generationBefore"/>.
    /// </summary>
    public void AddRead(string userId, CachedUser user, long generationBefore)
    {
        if (_doorkeeper is null || !_doorkeeper.SeenBefore(userId) || Generation != generationBefore)
        {
            return;
        }

        MakeRoom();
        if (_users.TryAdd(userId, user))
        {
            Interlocked.Increment(ref _count);
            // Added, then checked again: a commit that ran between the first check and the add may have missed this
            // entry (it updates only entries that exist), so the entry goes; one that runs after this check sees it.
            if (Generation != generationBefore && _users.TryRemove(new KeyValuePair<string, CachedUser>(userId, user)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    /// <summary>After a COMMIT: the saved states replace older cached ones; users whose profile was written are dropped.</summary>
    public void Committed(IReadOnlyList<(string UserId, long Version, UserState State)> saved, IReadOnlyCollection<string> profilesWritten)
    {
        Interlocked.Increment(ref _generation);
        if (!Enabled)
        {
            return;
        }

        foreach (var (userId, version, state) in saved)
        {
            while (_users.TryGetValue(userId, out var old) && old.Version < version)
            {
                if (_users.TryUpdate(userId, old with { Version = version, State = state }, old))
                {
                    break;
                }
            }
        }

        foreach (var userId in profilesWritten)
        {
            Forget(userId);
        }
    }

    /// <summary>Forgets a user whose write may not have been committed, so the next read goes to the store.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        if (_users.TryRemove(userId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    // The count is kept apart because ConcurrentDictionary.Count takes every lock; racing adders may overshoot the
    // capacity by a few entries, which a bound on memory tolerates.
    private void MakeRoom()
    {
        if (Volatile.Read(ref _count) >= capacity)
        {
            _users.Clear();
            Volatile.Write(ref _count, 0);
        }
    }

    internal sealed record CachedUser(long Version, UserState State, UserProfile? Profile);
}
