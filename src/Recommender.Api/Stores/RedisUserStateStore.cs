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
        catch (RedisException e)
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
        catch (RedisException e)
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
        catch (RedisException)
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
            var reads = byUser.Select(u => (
                User: u.Key,
                Items: u.Value,
                State: db.HashGetAsync(UserKey(u.Key), Fields),
                Seen: db.SetContainsAsync(EventsKey(u.Key), u.Value.Select(i => (RedisValue)i.Key).ToArray()))).ToList();

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
                var fresh = new List<RedisValue>();
                var inBatch = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < read.Items.Count; i++)
                {
                    var (e, key) = read.Items[i];
                    if (seen[i] || !inBatch.Add(key))
                    {
                        duplicates++;
                        continue;
                    }

                    state.Apply(e);
                    fresh.Add(key);
                }

                // Guard every user of the batch, changed or not: a duplicate-only user's answer also rests on what was read.
                tx.AddCondition(version == 0
                    ? Condition.HashNotExists(UserKey(read.User), VersionField)
                    : Condition.HashEqual(UserKey(read.User), VersionField, version));
                if (fresh.Count == 0)
                {
                    continue;
                }

                applied += fresh.Count;
                _ = tx.HashSetAsync(UserKey(read.User), [new HashEntry(StateField, state.ToBytes()), new HashEntry(VersionField, version + 1)]);
                _ = tx.SetAddAsync(EventsKey(read.User), fresh.ToArray());
            }

            return await tx.ExecuteAsync().ConfigureAwait(false) ? (applied, duplicates) : null;
        }
        catch (RedisException e)
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
