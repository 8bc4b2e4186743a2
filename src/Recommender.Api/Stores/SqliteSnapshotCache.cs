using System.Collections.Concurrent;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// The SQLite store's in-process copy of folded states and parsed profiles. Decoding a state
/// (<see cref="UserState.FromBytes"/>) and parsing a profile's JSON cost more than the lookup that finds them, so a
/// read asks SQLite only for the user's version and profile text and decodes only when they differ from what is held
/// here. Nothing is ever served on trust: every read checks the stored version, so a write by another process (or
/// another store on the same file) is seen by the next read.
/// </summary>
/// <remarks>
/// Entries are shared by concurrent readers and must never be mutated: the store's writers fold a fresh copy decoded
/// from the stored bytes. Versions only grow, so a racing reader that decoded an older version never replaces a newer
/// entry. Memory is bounded by <c>capacity</c> users: when full, the cache starts over (the hot users come back at
/// the cost of one decode each), which keeps the bound without bookkeeping on every hit.
/// </remarks>
internal sealed class SqliteSnapshotCache(int capacity)
{
    private readonly ConcurrentDictionary<string, CachedState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedProfile> _profiles = new(StringComparer.Ordinal);
    private int _stateCount;
    private int _profileCount;

    public bool Enabled => capacity > 0;

    /// <summary>The version held for the user, or -1 (no stored version is negative) when none.</summary>
    public long VersionOf(string userId, out UserState? state)
    {
        if (Enabled && _states.TryGetValue(userId, out var cached))
        {
            state = cached.State;
            return cached.Version;
        }

        state = null;
        return -1;
    }

    public void Offer(string userId, long version, UserState state)
    {
        if (!Enabled)
        {
            return;
        }

        var fresh = new CachedState(version, state);
        while (true)
        {
            if (_states.TryGetValue(userId, out var old))
            {
                if (old.Version >= version || _states.TryUpdate(userId, fresh, old))
                {
                    return;
                }
            }
            else
            {
                MakeRoom(_states, ref _stateCount);
                if (_states.TryAdd(userId, fresh))
                {
                    Interlocked.Increment(ref _stateCount);
                    return;
                }
            }
        }
    }

    /// <summary>The parsed profile for this exact JSON text: parsed once, reused while the stored text is the same.</summary>
    public UserProfile? Profile(string userId, string? json)
    {
        if (json is null)
        {
            return null;
        }

        CachedProfile? cached = null;
        if (Enabled && _profiles.TryGetValue(userId, out cached) && string.Equals(cached.Json, json, StringComparison.Ordinal))
        {
            return cached.Profile;
        }

        var profile = ProfileJson.Read(json);
        if (Enabled && profile is not null)
        {
            if (cached is null)
            {
                MakeRoom(_profiles, ref _profileCount);
                Interlocked.Increment(ref _profileCount);
            }

            _profiles[userId] = new CachedProfile(json, profile);
        }

        return profile;
    }

    /// <summary>Forgets a user whose write may not have been committed, so the next read decodes from the store.</summary>
    public void Forget(string userId)
    {
        if (_states.TryRemove(userId, out _))
        {
            Interlocked.Decrement(ref _stateCount);
        }
    }

    // The counts are kept apart because ConcurrentDictionary.Count takes every lock; racing adders may overshoot the
    // capacity by a few entries, which a bound on memory tolerates.
    private void MakeRoom<T>(ConcurrentDictionary<string, T> map, ref int count)
        where T : class
    {
        if (Volatile.Read(ref count) >= capacity)
        {
            map.Clear();
            Volatile.Write(ref count, 0);
        }
    }

    private sealed record CachedState(long Version, UserState State);

    private sealed record CachedProfile(string Json, UserProfile Profile);
}
