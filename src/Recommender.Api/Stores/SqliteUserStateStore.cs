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
/// fsync, and each caller still hears back only after its own write is durable. Writers in other processes wait on
/// SQLite's lock; every conditional write re-reads the version under that lock, so no process can spend a cap twice.</para>
/// <para>Reads use a pool of connections with a prepared statement and a <see cref="SqliteSnapshotCache"/> of decoded
/// states and profiles: SQLite returns the version (and the state bytes only if that version is not the one held
/// decoded) plus the profile text, in one statement. Every read checks the stored version, so writes from another
/// process are seen at once.</para>
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
    // A queue, not a bag: a request often returns its session on another thread than it took it on, and a bag then
    // steals across threads under a lock.
    private readonly ConcurrentQueue<SqliteReadSession> _sessions = new();
    private int _disposed;

    public SqliteUserStateStore(string path, int cacheUsers = DefaultCacheUsers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheUsers);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Pooling off: the store keeps its own connections open (read sessions, the committer's), with prepared statements.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
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

    public Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // SQLite answers synchronously (Microsoft.Data.Sqlite's async methods are too): no state machine, no thread hop.
        var session = Rent();
        var healthy = false;
        try
        {
            var known = _cache.VersionOf(userId, out var cached);
            var (version, bytes, profileJson) = session.Read(userId, known);
            healthy = true;
            UserState state;
            if (version == 0)
            {
                state = new UserState();
            }
            else if (bytes is null)
            {
                state = cached!;
            }
            else
            {
                state = UserState.FromBytes(bytes);
                _cache.Offer(userId, version, state);
            }

            return Task.FromResult(new UserSnapshot(userId, state, _cache.Profile(userId, profileJson), version));
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

    public Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            command.ExecuteScalar();
            return Task.FromResult(true);
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
    }

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
    }

    private static (int Applied, int Duplicates) Apply(SqliteWriteBatch batch, Dictionary<string, List<(UserEvent Event, string Key)>> byUser)
    {
        int applied = 0, duplicates = 0;
        foreach (var (userId, items) in byUser)
        {
            var (state, version) = batch.ReadState(userId);
            var changed = false;
            foreach (var (e, key) in items)
            {
                if (!batch.MarkProcessed(userId, key))
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
