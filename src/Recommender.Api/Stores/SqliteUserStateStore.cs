using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed write survives a
/// crash before the API answers. Idempotency comes from a (user, event key, kept by) table filled in the same
/// transaction as the state; a user's keys older than the idempotency horizon are deleted in the write that moves it
/// (<see cref="UserEventFold"/>), so the table holds about a horizon's worth of keys per user, not every event ever.
/// </summary>
/// <remarks>
/// <para>Writes go through one <see cref="SqliteGroupCommitter"/>: concurrent writes share a transaction and its
/// fsync, and each caller still hears back only after its own write is durable. Every conditional write re-reads the
/// version inside its transaction, under SQLite's write lock, so no decision can spend a cap twice.</para>
/// <para>One process owns the file (<see cref="SqliteFileLease"/>; a second store on it is refused), so every write goes
/// through this store's committer and the <see cref="SqliteSnapshotCache"/> of decoded states and profiles, updated
/// after each COMMIT, answers reads by itself. A miss reads SQLite through a pool of connections with a prepared
/// statement.</para>
/// </remarks>
internal sealed class SqliteUserStateStore : IUserStateStore, IDisposable
{
    /// <summary>Users whose decoded state a store keeps by default: about 5–10 KB each for a month of activity.</summary>
    public const int DefaultCacheUsers = 100_000;

    /// <summary>
    /// The file's format (<c>PRAGMA user_version</c>): 2 keeps with every processed event key the instant it is kept by
    /// (<c>at</c>, ticks). Files of format 0 (no <c>at</c>) are migrated when opened; a later format is refused.
    /// </summary>
    public const int FormatVersion = 2;

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS users(user_id TEXT PRIMARY KEY, state BLOB NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS profiles(user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS processed(user_id TEXT NOT NULL, event_key TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(user_id, event_key)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly SqliteSnapshotCache _cache;
    private readonly SqliteGroupCommitter _committer;
    private readonly SqliteFileLease _lease;
    private readonly TimeSpan _horizon;
    // A queue, not a bag: a request often returns its session on another thread than it took it on, and a bag then
    // steals across threads under a lock.
    private readonly ConcurrentQueue<SqliteReadSession> _sessions = new();
    private int _disposed;

    // SQLite's result codes for a file that is not a database and for one that cannot be opened or created.
    private const int NotADatabase = 26, CannotOpen = 14;

    /// <param name="path">The database file.</param>
    /// <param name="cacheUsers">Users kept decoded in memory (<see cref="StoreOptions.SqliteCacheUsers"/>).</param>
    /// <param name="busySeconds">
    /// How long a statement waits for a lock another connection holds (SQLite's busy wait), in whole seconds as
    /// Microsoft.Data.Sqlite counts it. Only something outside this store (a <c>sqlite3</c> shell holding a write
    /// transaction) takes such a lock; callers stop waiting after <see cref="StoreOptions.Timeout"/> anyway, and this
    /// keeps the writer from being stuck behind it for longer than a second.
    /// </param>
    /// <param name="idempotencyHorizon">How long event keys are remembered (<see cref="StoreOptions.IdempotencyHorizon"/>).</param>
    public SqliteUserStateStore(string path, int cacheUsers = DefaultCacheUsers, int busySeconds = 1, TimeSpan? idempotencyHorizon = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheUsers);
        _horizon = idempotencyHorizon ?? StoreOptions.DefaultIdempotencyHorizon;
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StoreFormatException(
                $"The SQLite store '{full}' is a folder; the store is one database file: name a file in it, e.g. sqlite:{Path.Combine(full, "state.db")}.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _lease = SqliteFileLease.Take(full);
        try
        {
            // Pooling off: the store keeps its own connections open (read sessions, the committer's), with prepared statements.
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = busySeconds,
            }.ToString();
            using (var connection = new SqliteConnection(_connectionString))
            {
                connection.Open();
                var format = FormatOf(connection, full); // before the schema below writes to a file it cannot read
                Execute(connection, Schema);
                Upgrade(connection, format);
            }

            _cache = new SqliteSnapshotCache(cacheUsers);
            _committer = new SqliteGroupCommitter(_connectionString, _cache);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or CannotOpen)
        {
            // Some other file (a Parquet table, a copy cut short) or a place it cannot be made: a setting to fix, said
            // as such, not a stack trace.
            _lease.Dispose();
            throw new StoreFormatException(
                $"The SQLite store '{full}' cannot be used ({e.Message.TrimEnd('.')}): --store sqlite:PATH names the state database that serve writes, " +
                "and a path where none exists yet starts an empty one; this path holds something else or cannot be created.");
        }
        catch
        {
            // A store that could not open gives the file back at once, not when the process ends.
            _lease.Dispose();
            throw;
        }
    }

    public Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_cache.TryGet(userId, out var cached))
        {
            return Task.FromResult(new UserSnapshot(userId, cached.State, cached.Profile, cached.Version));
        }

        // SQLite answers synchronously (Microsoft.Data.Sqlite's async methods are too): no state machine, no thread hop.
        var generation = _cache.Generation;
        var session = Rent();
        var healthy = false;
        try
        {
            var (version, bytes, profileJson) = session.Read(userId);
            healthy = true;
            var snapshot = UserSnapshot.Decode(userId, version, bytes, profileJson);
            _cache.AddRead(userId, new SqliteSnapshotCache.CachedUser(version, snapshot.State, snapshot.Profile), generation);
            return Task.FromResult(snapshot);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"The SQLite store could not be read ({e.Message}).", e);
        }
        finally
        {
            // A session whose statement failed is not trusted again; none goes back once the store is closed.
            if (healthy && Volatile.Read(ref _disposed) == 0)
            {
                _sessions.Enqueue(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    /// <summary>
    /// With the cache off (a plan's store), one statement for the whole batch: the per-read costs of SQLite (a read
    /// transaction, its file locks, a statement step) are paid once per batch instead of once per user. With the cache
    /// on, the cache answers first, user by user, as <see cref="ReadAsync"/> does.
    /// </summary>
    public Task<IReadOnlyList<UserRead>> ReadManyAsync(IReadOnlyList<string> userIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_cache.Enabled)
        {
            var one = new UserRead[userIds.Count];
            for (var i = 0; i < one.Length; i++)
            {
                // Cached or read at once: ReadAsync completes synchronously.
                one[i] = UserRead.Of(ReadAsync(userIds[i], ct).GetAwaiter().GetResult());
            }

            return Task.FromResult<IReadOnlyList<UserRead>>(one);
        }

        var session = Rent();
        var healthy = false;
        try
        {
            var reads = session.ReadMany(userIds);
            healthy = true;
            return Task.FromResult<IReadOnlyList<UserRead>>(reads);
        }
        catch (SqliteException e)
        {
            var error = new StoreUnavailableException($"The SQLite store could not be read ({e.Message}).", e);
            return Task.FromResult<IReadOnlyList<UserRead>>([.. userIds.Select(id => UserRead.Failed(id, error))]);
        }
        finally
        {
            if (healthy && Volatile.Read(ref _disposed) == 0)
            {
                _sessions.Enqueue(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public async IAsyncEnumerable<string> UsersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Page by page after the last id seen (the primary key's order), each page its own short read: one statement
        // over a million users would hold a read transaction, and the WAL could not be checkpointed, for the whole plan.
        const int Page = 1_000;
        var after = string.Empty;
        using var connection = new SqliteConnection(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id FROM users WHERE user_id > $after ORDER BY user_id LIMIT $page";
        var afterParameter = command.Parameters.Add("$after", SqliteType.Text);
        command.Parameters.AddWithValue("$page", Page);
        var page = new List<string>(Page);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            page.Clear();
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }

                afterParameter.Value = after;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    page.Add(reader.GetString(0));
                }
            }
            catch (SqliteException e)
            {
                throw new StoreUnavailableException($"The SQLite store's users could not be listed ({e.Message}).", e);
            }

            foreach (var user in page)
            {
                yield return user;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1];
            await Task.Yield();
        }
    }

    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default)
    {
        var byUser = UserBatches.Split(events);
        var (applied, duplicates, expired) = await _committer.WriteAsync(batch => Apply(batch, byUser)).ConfigureAwait(false);
        return new ApplyResult(applied, duplicates, byUser.Count) { Expired = expired };
    }

    public async Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.UserId != userId)
        {
            throw new ArgumentException($"The send is for '{send.UserId}', not '{userId}'.", nameof(send));
        }

        var key = EventKeys.Of(send);
        var recorded = await _committer.WriteAsync(batch =>
        {
            var (state, version) = batch.ReadState(userId);
            if (version != expectedVersion)
            {
                return (Recorded: false, RecordedBefore: (DateTime?)null);
            }

            // Recorded before under the same decision: a retry counts as recorded, and nothing changes; at another
            // instant it is another decision under the same id (thrown below, outside the group's transaction). A send
            // is recorded whatever its instant (never refused as expired): the caps must count it.
            if (batch.MarkProcessed(userId, key, send.Timestamp))
            {
                UserEventFold.ApplyOne(state, send);
                batch.SaveState(userId, state, version + 1);
                ForgetOld(batch, userId, state);
                return (Recorded: true, RecordedBefore: (DateTime?)null);
            }

            return (Recorded: true, RecordedBefore: batch.KeptBy(userId, key));
        }).ConfigureAwait(false);
        if (recorded.RecordedBefore is { } before && before != send.Timestamp)
        {
            throw new DecisionIdReusedException(send, before);
        }

        return recorded.Recorded;
    }

    public Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return _committer.WriteAsync(batch =>
        {
            foreach (var profile in profiles)
            {
                batch.PutProfile(profile);
            }

            return profiles.Count;
        });
    }

    /// <summary>
    /// Ready means a read answers and the write lock can be taken (then released at once): a file another process
    /// holds locked for writing, or a disk that stalls, would fail every event post, so readiness says so. Runs off the
    /// caller's thread, so that the store's time limit can answer for it while SQLite waits.
    /// </summary>
    public Task<bool> PingAsync(CancellationToken ct = default) => Task.Run(() =>
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master; BEGIN IMMEDIATE; ROLLBACK;";
            command.ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }, CancellationToken.None);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _committer.Dispose();
        while (_sessions.TryDequeue(out var session))
        {
            session.Dispose();
        }

        _lease.Dispose();
    }

    private (int Applied, int Duplicates, IReadOnlyList<ExpiredEvent> Expired) Apply(
        SqliteWriteBatch batch, Dictionary<string, List<BatchEvent>> byUser)
    {
        int applied = 0, duplicates = 0;
        var expired = new List<ExpiredEvent>();
        var marks = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (userId, items) in byUser)
        {
            var (state, version) = batch.ReadState(userId);
            // The fold's marks are gathered here and written once it is done: a key the fold's own later events put
            // behind the horizon would be deleted by the same write, so it is never inserted (a replayed log of 90 days
            // against a horizon of 7 inserts a tenth of its keys). A user without a stored key is not asked about each one.
            marks.Clear();
            var stored = batch.HasKeys(userId);
            bool Seen(string key) => marks.ContainsKey(key) || (stored && batch.IsProcessed(userId, key));
            DateTime? KeptBy(string key) => marks.TryGetValue(key, out var at) ? at : stored ? batch.KeptBy(userId, key) : null;
            var counts = UserEventFold.Apply(state, items, _horizon, Seen, (key, at) => !Seen(key) && marks.TryAdd(key, at), expired, KeptBy);
            applied += counts.Applied;
            duplicates += counts.Duplicates;
            if (counts.Applied > 0)
            {
                batch.SaveState(userId, state, version + 1);
            }

            if (counts.Marked > 0)
            {
                var notBefore = UserEventFold.NotBefore(state, _horizon);
                foreach (var (key, at) in marks)
                {
                    if (notBefore is not { } limit || at >= limit)
                    {
                        batch.MarkProcessed(userId, key, at);
                    }
                }

                if (stored)
                {
                    ForgetOld(batch, userId, state);
                }
            }
        }

        return (applied, duplicates, expired.Count == 0 ? [] : [.. expired.OrderBy(e => e.Index)]);
    }

    /// <summary>Deletes the user's event keys that lie before the horizon: no event carrying one can be applied any more.</summary>
    private void ForgetOld(SqliteWriteBatch batch, string userId, UserState state)
    {
        if (UserEventFold.NotBefore(state, _horizon) is { } notBefore)
        {
            batch.Forget(userId, notBefore);
        }
    }

    /// <summary>The file's format (PRAGMA user_version); a file of a later format is refused, untouched.</summary>
    private static long FormatOf(SqliteConnection connection, string path)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version";
        var format = Convert.ToInt64(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (format > FormatVersion)
        {
            throw new StoreFormatException(
                $"The SQLite store '{path}' is of format {format} (PRAGMA user_version); this version reads format {FormatVersion} " +
                "and earlier. Serve it with the version that wrote it.");
        }

        return format;
    }

    /// <summary>
    /// Brings a file of an earlier format to <see cref="FormatVersion"/>: format 0 kept event keys without an instant, so
    /// each key gets its user's latest event instant (kept for a horizon from there: at least as long as it needs to be).
    /// A file of a later format is refused.
    /// </summary>
    private static void Upgrade(SqliteConnection connection, long format)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(*) FROM pragma_table_info('processed') WHERE name = 'at'";
        if (Convert.ToInt64(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, "ALTER TABLE processed ADD COLUMN at INTEGER NOT NULL DEFAULT 0", transaction);
            var latest = new List<(string User, long Ticks)>();
            using (var users = connection.CreateCommand())
            {
                users.Transaction = transaction;
                users.CommandText = "SELECT user_id, state FROM users";
                using var reader = users.ExecuteReader();
                while (reader.Read())
                {
                    latest.Add((reader.GetString(0), UserState.FromBytes((byte[])reader.GetValue(1)).LatestEventAt?.Ticks ?? 0));
                }
            }

            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE processed SET at = $a WHERE user_id = $u";
            var u = update.Parameters.Add("$u", SqliteType.Text);
            var a = update.Parameters.Add("$a", SqliteType.Integer);
            foreach (var (user, ticks) in latest)
            {
                u.Value = user;
                a.Value = ticks;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        if (format < FormatVersion)
        {
            Execute(connection, $"PRAGMA user_version = {FormatVersion}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteReadSession Rent()
    {
        if (_sessions.TryDequeue(out var session))
        {
            return session;
        }

        try
        {
            return new SqliteReadSession(_connectionString);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"The SQLite store could not be opened ({e.Message}).", e);
        }
    }
}
