using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed write survives a
/// crash before the API answers. Idempotency comes from a (user, event key) table filled in the same transaction as
/// the state.
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

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS users(user_id TEXT PRIMARY KEY, state BLOB NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS profiles(user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS processed(user_id TEXT NOT NULL, event_key TEXT NOT NULL, PRIMARY KEY(user_id, event_key)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly SqliteSnapshotCache _cache;
    private readonly SqliteGroupCommitter _committer;
    private readonly SqliteFileLease _lease;
    // A queue, not a bag: a request often returns its session on another thread than it took it on, and a bag then
    // steals across threads under a lock.
    private readonly ConcurrentQueue<SqliteReadSession> _sessions = new();
    private int _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="cacheUsers">Users kept decoded in memory (<see cref="StoreOptions.SqliteCacheUsers"/>).</param>
    /// <param name="busySeconds">
    /// How long a statement waits for a lock another connection holds (SQLite's busy wait), in whole seconds as
    /// Microsoft.Data.Sqlite counts it. Only something outside this store (a <c>sqlite3</c> shell holding a write
    /// transaction) takes such a lock; callers stop waiting after <see cref="StoreOptions.Timeout"/> anyway, and this
    /// keeps the writer from being stuck behind it for longer than a second.
    /// </param>
    public SqliteUserStateStore(string path, int cacheUsers = DefaultCacheUsers, int busySeconds = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheUsers);
        var full = Path.GetFullPath(path);
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
                using var command = connection.CreateCommand();
                command.CommandText = Schema;
                command.ExecuteNonQuery();
            }

            _cache = new SqliteSnapshotCache(cacheUsers);
            _committer = new SqliteGroupCommitter(_connectionString, _cache);
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
            var user = new SqliteSnapshotCache.CachedUser(
                version, bytes is null ? new UserState() : UserState.FromBytes(bytes), profileJson is null ? null : ProfileJson.Read(profileJson));
            _cache.AddRead(userId, user, generation);
            return Task.FromResult(new UserSnapshot(userId, user.State, user.Profile, version));
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

    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default)
    {
        var byUser = UserBatches.Split(events);
        var (applied, duplicates) = await _committer.WriteAsync(batch => Apply(batch, byUser)).ConfigureAwait(false);
        return new ApplyResult(applied, duplicates, byUser.Count);
    }

    public Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.UserId != userId)
        {
            throw new ArgumentException($"The send is for '{send.UserId}', not '{userId}'.", nameof(send));
        }

        var key = EventKeys.Of(send);
        return _committer.WriteAsync(batch =>
        {
            var (state, version) = batch.ReadState(userId);
            if (version != expectedVersion)
            {
                return false;
            }

            // Recorded before under the same decision: it counts as recorded, and nothing changes.
            if (batch.MarkProcessed(userId, key))
            {
                state.Apply(send);
                batch.SaveState(userId, state, version + 1);
            }

            return true;
        });
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

    private static (int Applied, int Duplicates) Apply(SqliteWriteBatch batch, Dictionary<string, List<BatchEvent>> byUser)
    {
        int applied = 0, duplicates = 0;
        foreach (var (userId, items) in byUser)
        {
            var (state, version) = batch.ReadState(userId);
            var changed = false;
            foreach (var (e, key, _) in items)
            {
                if (!batch.MarkProcessed(userId, key))
                {
                    duplicates++;
                    continue;
                }

                // The caller's report of the send this API recorded when deciding: that send is in the state already.
                if (EventKeys.RecordedSendOf(e) is { } recorded && batch.IsProcessed(userId, recorded)
                    && batch.MarkProcessed(userId, EventKeys.ReportOf(recorded)))
                {
                    duplicates++;
                    continue;
                }

                state.Apply(e);
                applied++;
                changed = true;
            }

            if (changed)
            {
                batch.SaveState(userId, state, version + 1);
            }
        }

        return (applied, duplicates);
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
