using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using StackExchange.Redis;

namespace Recommender.Api.Stores;

/// <summary>
/// The scale-out store: any number of API processes share one Redis. The fold runs in .NET, so writes use
/// optimistic concurrency: read each user's state and version, fold, then commit in one MULTI/EXEC guarded by
/// "version unchanged" conditions (WATCH underneath) for every user of the batch; on a conflict, read again and
/// retry. A batch is all or nothing, and two processes can never both base a write on the same version, so no
/// concurrent update is lost. Durability is the server's: run it with <c>appendonly yes</c>, <c>appendfsync always</c>.
/// A server that does not answer in time fails with <see cref="StoreUnavailableException"/>: the client's timeout is a
/// <see cref="TimeoutException"/> (<c>RedisTimeoutException</c>), not a <see cref="RedisException"/>, so both are caught.
/// </summary>
/// <remarks>Keys: <c>{prefix}u:{user}</c> hash (s = state bytes, v = version), <c>{prefix}e:{user}</c> set of applied
/// event keys, <c>{prefix}p:{user}</c> profile JSON.</remarks>
internal sealed class RedisUserStateStore(IConnectionMultiplexer redis, string prefix, int maxRetries) : IUserStateStore
{
    private static readonly RedisValue StateField = "s";
    private static readonly RedisValue VersionField = "v";
    private static readonly RedisValue[] Fields = [StateField, VersionField];

    private IDatabase Db => redis.GetDatabase();

    public async Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        try
        {
            var db = Db;
            var stateTask = db.HashGetAsync(UserKey(userId), Fields);
            var profileTask = db.StringGetAsync(ProfileKey(userId));
            var (state, version) = Decode(await stateTask.ConfigureAwait(false));
            var profile = await profileTask.ConfigureAwait(false);
            return new UserSnapshot(userId, state, ProfileJson.Read(profile.IsNull ? null : (string?)profile), version);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store could not be read ({e.Message}).", e);
        }
    }

    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default)
    {
        var byUser = UserBatches.Split(events);
        for (var attempt = 0; attempt < maxRetries; attempt++)
        {
            if (await TryWriteAsync(byUser, expected: null).ConfigureAwait(false) is { } result)
            {
                return new ApplyResult(result.Applied, result.Duplicates, byUser.Count);
            }

            // Another process changed one of the users: back off a little, with jitter, and fold again.
            await Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 20)), ct).ConfigureAwait(false);
        }

        throw new StoreUnavailableException($"The Redis batch still conflicted after {maxRetries} attempts; retry the request.");
    }

    public async Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.UserId != userId)
        {
            throw new ArgumentException($"The send is for '{send.UserId}', not '{userId}'.", nameof(send));
        }

        var result = await TryWriteAsync(UserBatches.Split([send]), expectedVersion).ConfigureAwait(false);
        return result is { } r && r.Applied + r.Duplicates > 0;
    }

    public async Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        try
        {
            var pairs = profiles.Select(p => new KeyValuePair<RedisKey, RedisValue>(ProfileKey(p.UserId), ProfileJson.Write(p))).ToArray();
            foreach (var chunk in pairs.Chunk(1000))
            {
                await Db.StringSetAsync(chunk).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store could not be written ({e.Message}).", e);
        }
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await Db.PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <returns>The counts, or null when a condition failed (a concurrent write; or <paramref name="expected"/> no longer holds).</returns>
    private async Task<(int Applied, int Duplicates)?> TryWriteAsync(
        Dictionary<string, List<(UserEvent Event, string Key)>> byUser, long? expected)
    {
        try
        {
            var db = Db;
            var reads = byUser.Select(u =>
            {
                // Each event's key and, for a caller's report of a recorded send, that send's key and its report mark.
                var keys = new List<RedisValue>(u.Value.Count);
                foreach (var (e, key) in u.Value)
                {
                    keys.Add(key);
                    if (EventKeys.RecordedSendOf(e) is { } recorded)
                    {
                        keys.Add(recorded);
                        keys.Add(EventKeys.ReportOf(recorded));
                    }
                }

                return (User: u.Key, Items: u.Value, Keys: keys,
                    State: db.HashGetAsync(UserKey(u.Key), Fields), Seen: db.SetContainsAsync(EventsKey(u.Key), keys.ToArray()));
            }).ToList();

            var tx = db.CreateTransaction();
            int applied = 0, duplicates = 0;
            foreach (var read in reads)
            {
                var (state, version) = Decode(await read.State.ConfigureAwait(false));
                if (expected is { } v && v != version)
                {
                    return null;
                }

                var seen = await read.Seen.ConfigureAwait(false);
                var marked = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < seen.Length; i++)
                {
                    if (seen[i])
                    {
                        marked.Add(read.Keys[i]!);
                    }
                }

                var fresh = new List<RedisValue>();
                foreach (var (e, key) in read.Items)
                {
                    if (!marked.Add(key))
                    {
                        duplicates++;
                        continue;
                    }

                    fresh.Add(key);
                    // The caller's report of the send this API recorded when deciding: that send is in the state already.
                    if (EventKeys.RecordedSendOf(e) is { } recorded && marked.Contains(recorded) && marked.Add(EventKeys.ReportOf(recorded)))
                    {
                        fresh.Add(EventKeys.ReportOf(recorded));
                        duplicates++;
                        continue;
                    }

                    state.Apply(e);
                    applied++;
                }

                // Guard every user of the batch, changed or not: a duplicate-only user's answer also rests on what was read.
                tx.AddCondition(version == 0
                    ? Condition.HashNotExists(UserKey(read.User), VersionField)
                    : Condition.HashEqual(UserKey(read.User), VersionField, version));
                if (fresh.Count == 0)
                {
                    continue;
                }

                // A new version also when only keys were added (a report matched to its send): a racing batch must not
                // match the same report twice.
                _ = tx.HashSetAsync(UserKey(read.User), [new HashEntry(StateField, state.ToBytes()), new HashEntry(VersionField, version + 1)]);
                _ = tx.SetAddAsync(EventsKey(read.User), fresh.ToArray());
            }

            return await tx.ExecuteAsync().ConfigureAwait(false) ? (applied, duplicates) : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store could not be written ({e.Message}).", e);
        }
    }

    private static (UserState State, long Version) Decode(RedisValue[] fields)
    {
        if (fields[0].IsNull)
        {
            return (new UserState(), 0);
        }

        return (UserState.FromBytes((byte[])fields[0]!), (long)fields[1]);
    }

    private RedisKey UserKey(string userId) => prefix + "u:" + userId;

    private RedisKey EventsKey(string userId) => prefix + "e:" + userId;

    private RedisKey ProfileKey(string userId) => prefix + "p:" + userId;
}
