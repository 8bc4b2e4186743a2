using System.Globalization;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using StackExchange.Redis;

namespace Recommender.Api.Stores;

/// <summary>
/// The scale-out store: any number of API processes share one Redis, a single server or a Redis Cluster. The fold runs
/// in .NET, so writes use optimistic concurrency per user: read the user's state, version and seen event keys, fold,
/// then commit with a script that writes only if the version is still the one read; on a conflict, read again and
/// retry. Durability is the server's: run it with <c>appendonly yes</c>, <c>appendfsync always</c>. A server that does
/// not answer in time fails with <see cref="StoreUnavailableException"/>: the client's timeout is a
/// <see cref="TimeoutException"/> (<c>RedisTimeoutException</c>), not a <see cref="RedisException"/>, so both are caught.
/// </summary>
/// <remarks>
/// <para><b>Keys</b> (store format <see cref="Format"/>): <c>{prefix}u:{{user}}</c> hash (s = state bytes, v = version),
/// <c>{prefix}e:{{user}}</c> sorted set of the applied event keys' 128-bit hashes (<see cref="Member"/>) scored by the
/// instant each is kept by (Unix ms; trimmed to the idempotency horizon in every write that adds keys, see
/// <see cref="UserEventFold"/>), <c>{prefix}p:{{user}}</c> profile JSON, and
/// <c>{prefix}format</c>. The braces are Redis Cluster's hash tag: all of a user's keys hash to one slot, so one user's
/// write is one atomic script on one node. In the tag, <c>%</c> and <c>}</c> of a user id are written <c>%25</c> and
/// <c>%7D</c>, so that the tag is always the whole id.</para>
/// <para><b>One transaction per user.</b> A batch is split by user; every user's events are folded first (nothing is
/// written when an event cannot be folded), then each user is committed on its own, all in flight at once. Each user's
/// part is atomic; a batch over several users is not: when some users' commits fail (a node down), the others stay
/// committed and <see cref="BatchPartlyAppliedException"/> names both. Sending the batch again is safe: event keys make
/// the committed part duplicates.</para>
/// <para><b>Old keys.</b> Earlier versions wrote the same keys without the hash tag. They are not read: a store that holds
/// any is refused (<see cref="VerifyFormatAsync"/>, at start and before the first use), never silently taken as empty.</para>
/// </remarks>
internal sealed class RedisUserStateStore(IConnectionMultiplexer redis, string prefix, int maxRetries, TimeSpan? idempotencyHorizon = null)
    : IUserStateStore
{
    /// <summary>The store format this code reads and writes, kept in <c>{prefix}format</c>.</summary>
    public const string Format = "2";

    private static readonly RedisValue StateField = "s";
    private static readonly RedisValue VersionField = "v";
    private static readonly RedisValue[] Fields = [StateField, VersionField];

    // KEYS: the user's hash, the user's sorted set of applied event keys (one slot: both carry the user's hash tag).
    // ARGV: the version read ("0": no state yet), the new version, the new state, the score below which keys are
    // forgotten ("" = none), then score/key pairs to remember. Writes only when the version is still the one read, so no
    // concurrent update is lost.
    // A sorted set that once held more than zset-max-listpack-entries (128) keys (a burst of events) stays in Redis's
    // large encoding, about ten times the bytes per key, after trimming has shrunk it: once it holds at most 64 keys
    // again it is written anew, in the compact encoding, so that one busy week does not cost a user memory forever.
    private const string CommitScript = """
        local v = redis.call('HGET', KEYS[1], 'v')
        if (v or '0') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 's', ARGV[3], 'v', ARGV[2])
        for i = 5, #ARGV, 1000 do
          redis.call('ZADD', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
        end
        if ARGV[4] ~= '' then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
          if redis.call('OBJECT', 'ENCODING', KEYS[2]) == 'skiplist' and redis.call('ZCARD', KEYS[2]) <= 64 then
            local kept = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
            redis.call('DEL', KEYS[2])
            for i = 1, #kept, 2 do redis.call('ZADD', KEYS[2], kept[i + 1], kept[i]) end
          end
        end
        return 1
        """;

    private readonly TimeSpan _horizon = idempotencyHorizon ?? StoreOptions.DefaultIdempotencyHorizon;
    private int _formatVerified;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey FormatKey => prefix + "format";

    public async Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        try
        {
            await EnsureFormatAsync().ConfigureAwait(false);
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
        await EnsureFormatAsync().ConfigureAwait(false);
        var byUser = UserBatches.Split(events);
        // Every user is read and folded before anything is written: an event the fold refuses fails the whole batch.
        var plans = await Task.WhenAll(byUser.Select(u => PlanAsync(u.Key, u.Value, _horizon))).ConfigureAwait(false);
        var commits = plans.Select(p => CommitUserAsync(p, byUser[p.User], ct)).ToArray();
        try
        {
            await Task.WhenAll(commits).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every user's outcome is read below; the first failure is rethrown or reported there.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        var committed = new List<string>(plans.Length);
        var notCommitted = new List<string>();
        Exception? failure = null;
        int applied = 0, duplicates = 0;
        var expired = new List<ExpiredEvent>();
        for (var i = 0; i < plans.Length; i++)
        {
            if (commits[i].IsCompletedSuccessfully)
            {
                committed.Add(plans[i].User);
                applied += commits[i].Result.Applied;
                duplicates += commits[i].Result.Duplicates;
                expired.AddRange(commits[i].Result.Expired);
            }
            else
            {
                notCommitted.Add(plans[i].User);
                failure ??= commits[i].Exception?.InnerException ?? new OperationCanceledException(ct);
            }
        }

        if (failure is null)
        {
            return new ApplyResult(applied, duplicates, plans.Length) { Expired = expired.Count == 0 ? [] : [.. expired.OrderBy(e => e.Index)] };
        }

        if (committed.Count == 0)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        throw new BatchPartlyAppliedException(committed, notCommitted, failure);
    }

    public async Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.UserId != userId)
        {
            throw new ArgumentException($"The send is for '{send.UserId}', not '{userId}'.", nameof(send));
        }

        await EnsureFormatAsync().ConfigureAwait(false);
        // A send is recorded whatever its instant (never refused as expired): the caps must count it.
        var plan = await PlanAsync(userId, UserBatches.Split([send])[userId], TimeSpan.MaxValue).ConfigureAwait(false);
        if (plan.Version != expectedVersion)
        {
            return false;
        }

        if (plan.Fresh.Count > 0)
        {
            return await TryCommitAsync(plan).ConfigureAwait(false);
        }

        // Recorded before under the same decision: a retry (the same instant, to the millisecond the set keeps) counts
        // as recorded, and nothing changes; at another instant it is another decision under the same id.
        if (plan.KeptBy.TryGetValue(EventKeys.Of(send), out var before) && Score(before) != Score(send.Timestamp))
        {
            throw new DecisionIdReusedException(send, before);
        }

        return true;
    }

    public async Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        try
        {
            await EnsureFormatAsync().ConfigureAwait(false);
            // One SET per profile, all in flight: a multi-key MSET would span slots on a cluster.
            var db = Db;
            await Task.WhenAll(profiles.Select(p => db.StringSetAsync(ProfileKey(p.UserId), ProfileJson.Write(p)))).ConfigureAwait(false);
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
            await EnsureFormatAsync().ConfigureAwait(false);
            await Db.PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks that the store holds this version's format: the marker <c>{prefix}format</c> says <see cref="Format"/>,
    /// or, without a marker, no primary holds a key of the earlier, untagged format (<c>{prefix}u:USER</c>,
    /// <c>e:</c>, <c>p:</c>); then writes the marker. Runs once per store object (at start, or before its first use).
    /// </summary>
    /// <exception cref="StoreFormatException">Old keys, or a marker of another format.</exception>
    /// <exception cref="StoreUnavailableException">Redis (or one of its primaries) does not answer.</exception>
    public async Task VerifyFormatAsync()
    {
        try
        {
            var db = Db;
            var marker = await db.StringGetAsync(FormatKey).ConfigureAwait(false);
            if (marker.IsNull)
            {
                foreach (var endpoint in redis.GetEndPoints())
                {
                    var server = redis.GetServer(endpoint);
                    if (server.IsReplica)
                    {
                        continue;
                    }

                    await foreach (var key in server.KeysAsync(pattern: OldKeyPattern(), pageSize: 1000).ConfigureAwait(false))
                    {
                        throw new StoreFormatException(
                            $"The Redis store (key prefix '{prefix}') holds keys of an earlier version's format, such as '{key}': " +
                            $"this version keeps each user's keys under a Redis Cluster hash tag ('{prefix}u:{{USER}}') and does not read " +
                            "the old ones. Start on an empty Redis or another Store:RedisKeyPrefix and replay the events " +
                            "(serve --bootstrap DIR, or post them again); see docs/api.md, \"Store format\".");
                    }
                }

                marker = await db.StringSetAsync(FormatKey, Format, when: When.NotExists).ConfigureAwait(false)
                    ? Format
                    : await db.StringGetAsync(FormatKey).ConfigureAwait(false);
            }

            if (marker != Format)
            {
                throw new StoreFormatException(
                    $"The Redis store (key prefix '{prefix}') is marked as store format '{marker}' ({prefix}format); this version " +
                    $"reads and writes format '{Format}' only. Serve it with the version that wrote it, or use another Store:RedisKeyPrefix.");
            }

            Volatile.Write(ref _formatVerified, 1);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store's format could not be checked ({e.Message}).", e);
        }
    }

    public async IAsyncEnumerable<string> UsersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await EnsureFormatAsync().ConfigureAwait(false);
        // Every primary holds its own slots' users (a single server is its own only primary); replicas hold copies.
        var userKeyStart = prefix.Length + "u:{".Length;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await using var keys = server.KeysAsync(pattern: Glob(prefix) + "u:{*", pageSize: 1000).GetAsyncEnumerator(ct);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (!await keys.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    throw new StoreUnavailableException($"The Redis store's users could not be listed ({e.Message}).", e);
                }

                string key = keys.Current!;
                if (key.Length > userKeyStart && key[^1] == '}')
                {
                    yield return Untag(key[userKeyStart..^1]);
                }
            }
        }
    }

    /// <summary>The user id of a hash tag written by <see cref="Tag"/>.</summary>
    internal static string Untag(string tag) =>
        tag.Contains('%', StringComparison.Ordinal)
            ? tag.Replace("%7D", "}", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)
            : tag;

    /// <summary>The hash tag of a user: the id, with <c>%</c> and <c>}</c> escaped so that the tag never ends early.</summary>
    internal static string Tag(string userId) =>
        userId.Contains('%', StringComparison.Ordinal) || userId.Contains('}', StringComparison.Ordinal)
            ? userId.Replace("%", "%25", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal)
            : userId;

    internal RedisKey UserKey(string userId) => prefix + "u:{" + Tag(userId) + "}";

    internal RedisKey EventsKey(string userId) => prefix + "e:{" + Tag(userId) + "}";

    internal RedisKey ProfileKey(string userId) => prefix + "p:{" + Tag(userId) + "}";

    private async ValueTask EnsureFormatAsync()
    {
        if (Volatile.Read(ref _formatVerified) != 0)
        {
            return;
        }

        try
        {
            await VerifyFormatAsync().ConfigureAwait(false);
        }
        catch (StoreFormatException e)
        {
            // A server that could not check at start (Redis was down) refuses every call instead: never a misread.
            throw new StoreUnavailableException(e.Message, e);
        }
    }

    /// <summary>Commits one user's part of a batch, reading and folding again after each conflict.</summary>
    private async Task<UserPlan> CommitUserAsync(UserPlan plan, List<BatchEvent> items, CancellationToken ct)
    {
        for (var attempt = 0; attempt < maxRetries; attempt++)
        {
            if (plan.Fresh.Count == 0 || await TryCommitAsync(plan).ConfigureAwait(false))
            {
                return plan;
            }

            // Another process changed the user: back off a little, with jitter, and fold again.
            await Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 20)), ct).ConfigureAwait(false);
            plan = await PlanAsync(plan.User, items, _horizon).ConfigureAwait(false);
        }

        throw new StoreUnavailableException($"The Redis write for user '{plan.User}' still conflicted after {maxRetries} attempts; retry the request.");
    }

    /// <summary>Reads the user's state, version and which of the events' keys are remembered, and folds the events.</summary>
    /// <param name="foldHorizon">The horizon events are judged by (<see cref="TimeSpan.MaxValue"/>: none expires).</param>
    private async Task<UserPlan> PlanAsync(string userId, List<BatchEvent> items, TimeSpan foldHorizon)
    {
        try
        {
            var db = Db;
            // Each event's key and, for a caller's report of a recorded send, that send's key and its report mark.
            var keys = new List<RedisValue>(items.Count);
            foreach (var (e, key, _) in items)
            {
                keys.Add(key);
                if (EventKeys.RecordedSendOf(e) is { } recorded)
                {
                    keys.Add(recorded);
                    keys.Add(EventKeys.ReportOf(recorded));
                }
            }

            var stateTask = db.HashGetAsync(UserKey(userId), Fields);
            var seenTask = db.SortedSetScoresAsync(EventsKey(userId), keys.Select(k => Member(k!)).ToArray());
            var (state, version) = Decode(await stateTask.ConfigureAwait(false));
            var seen = await seenTask.ConfigureAwait(false);
            var marked = new HashSet<string>(StringComparer.Ordinal);
            var keptBy = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            for (var i = 0; i < seen.Length; i++)
            {
                if (seen[i] is { } score)
                {
                    marked.Add(keys[i]!);
                    keptBy[keys[i]!] = DateTime.UnixEpoch.AddMilliseconds(score);
                }
            }

            var fresh = new List<(RedisValue Key, long Score)>();
            var expired = new List<ExpiredEvent>();
            var counts = UserEventFold.Apply(state, items, foldHorizon, marked.Contains, (key, at) =>
            {
                if (!marked.Add(key))
                {
                    return false;
                }

                fresh.Add((Member(key), Score(at)));
                keptBy[key] = at;
                return true;
            }, expired, key => keptBy.TryGetValue(key, out var at) ? at : null);
            return new UserPlan(userId, version, state, fresh, counts.Applied, counts.Duplicates, expired, keptBy);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store could not be read ({e.Message}).", e);
        }
    }

    /// <returns>False when the user's version is no longer the one the plan read.</returns>
    private async Task<bool> TryCommitAsync(UserPlan plan)
    {
        // A new version also when only keys were added (a report matched to its send): a racing write must not match the
        // same report twice.
        // Keys kept by an instant before the horizon are forgotten: no event carrying one can be applied any more. Those
        // of this write are not even sent (a user's first load brings their whole history, most of it behind the horizon).
        long? forgetBelow = UserEventFold.NotBefore(plan.State, _horizon) is { } notBefore ? Score(notBefore) : null;
        var kept = forgetBelow is { } below ? plan.Fresh.Where(f => f.Score >= below).ToList() : plan.Fresh;
        var args = new RedisValue[4 + 2 * kept.Count];
        args[0] = plan.Version.ToString(CultureInfo.InvariantCulture);
        args[1] = (plan.Version + 1).ToString(CultureInfo.InvariantCulture);
        args[2] = plan.State.ToBytes();
        args[3] = forgetBelow is { } score ? score : "";
        for (var i = 0; i < kept.Count; i++)
        {
            args[4 + 2 * i] = kept[i].Score;
            args[5 + 2 * i] = kept[i].Key;
        }

        try
        {
            var result = await Db.ScriptEvaluateAsync(CommitScript, [UserKey(plan.User), EventsKey(plan.User)], args).ConfigureAwait(false);
            return (int)result == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"The Redis store could not be written ({e.Message}).", e);
        }
    }

    /// <summary>
    /// What the sorted set holds for an event key: its 128-bit XxHash (16 bytes), not the key itself. Event ids may be
    /// up to Limits:MaxIdLength characters; a fixed 16 bytes keeps the set small and in Redis's compact encoding (members
    /// up to 64 bytes), and a false duplicate would need two keys of one user's last week to collide in 128 bits.
    /// </summary>
    internal static RedisValue Member(string eventKey) =>
        XxHash128.Hash(MemoryMarshal.AsBytes(eventKey.AsSpan()));

    /// <summary>
    /// An instant as a sorted-set score: whole Unix milliseconds, rounded down (integers of this size are exact in a
    /// double). A key kept by an instant at or after the horizon has a score at or above the horizon's, so trimming
    /// below it never drops one.
    /// </summary>
    private static long Score(DateTime at)
    {
        var milliseconds = Math.DivRem(at.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond, out var rest);
        return rest < 0 ? milliseconds - 1 : milliseconds;
    }

    /// <summary>A SCAN pattern matching the keys of the earlier format: the prefix, u/e/p, a colon and no hash tag.</summary>
    private string OldKeyPattern() => Glob(prefix) + "[uep]:[^{]*";

    /// <summary><paramref name="text"/> as a SCAN pattern that matches exactly it (its glob characters escaped).</summary>
    private static string Glob(string text)
    {
        var glob = new StringBuilder(text.Length + 12);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                glob.Append('\\');
            }

            glob.Append(c);
        }

        return glob.ToString();
    }

    private static (UserState State, long Version) Decode(RedisValue[] fields)
    {
        if (fields[0].IsNull)
        {
            return (new UserState(), 0);
        }

        return (UserState.FromBytes((byte[])fields[0]!), (long)fields[1]);
    }

    /// <summary>
    /// One user's folded part of a write, based on the version read; <paramref name="KeptBy"/> holds the instant each of
    /// the write's keys the store remembered is kept by (to the millisecond).
    /// </summary>
    private sealed record UserPlan(
        string User, long Version, UserState State, List<(RedisValue Key, long Score)> Fresh, int Applied, int Duplicates, List<ExpiredEvent> Expired,
        IReadOnlyDictionary<string, DateTime> KeptBy);
}
