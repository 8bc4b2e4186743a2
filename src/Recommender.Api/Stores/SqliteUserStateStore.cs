using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed batch survives a
/// crash before the API answers. Idempotency comes from a (user, event key) table filled in the same transaction
/// as the state. Writers in this process queue on a semaphore; writers in other processes wait on SQLite's lock.
/// </summary>
internal sealed class SqliteUserStateStore : IUserStateStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS users(user_id TEXT PRIMARY KEY, state BLOB NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS profiles(user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS processed(user_id TEXT NOT NULL, event_key TEXT NOT NULL, PRIMARY KEY(user_id, event_key)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteUserStateStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
    }

    public async Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        try
        {
            await using var connection = Open();
            var (state, version) = await ReadStateAsync(connection, null, userId, ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT profile FROM profiles WHERE user_id = $id";
            command.Parameters.AddWithValue("$id", userId);
            var profile = ProfileJson.Read(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string);
            return new UserSnapshot(userId, state, profile, version);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"The SQLite store could not be read ({e.Message}).", e);
        }
    }

    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default)
    {
        var byUser = UserBatches.Split(events);
        var (applied, duplicates) = await WriteAsync(byUser, expected: null, ct).ConfigureAwait(false);
        return new ApplyResult(applied, duplicates, byUser.Count);
    }

    public async Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.UserId != userId)
        {
            throw new ArgumentException($"The send is for '{send.UserId}', not '{userId}'.", nameof(send));
        }

        var byUser = UserBatches.Split([send]);
        var (applied, duplicates) = await WriteAsync(byUser, (userId, expectedVersion), ct).ConfigureAwait(false);
        return applied + duplicates > 0;
    }

    public async Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            Execute(connection, "PRAGMA synchronous=FULL;");
            await using var tx = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO profiles(user_id, profile) VALUES($id, $p)";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var p = command.Parameters.Add("$p", SqliteType.Text);
            foreach (var profile in profiles)
            {
                id.Value = profile.UserId;
                p.Value = ProfileJson.Write(profile);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <returns>Events applied and duplicates skipped; (0, 0) when <paramref name="expected"/> no longer holds.</returns>
    private async Task<(int Applied, int Duplicates)> WriteAsync(
        Dictionary<string, List<(UserEvent Event, string Key)>> byUser, (string UserId, long Version)? expected, CancellationToken ct)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            Execute(connection, "PRAGMA synchronous=FULL;");
            // BEGIN IMMEDIATE: take the write lock before reading, so no other process changes a state between read and write.
            await using var tx = connection.BeginTransaction(deferred: false);
            await using var mark = connection.CreateCommand();
            mark.Transaction = tx;
            mark.CommandText = "INSERT OR IGNORE INTO processed(user_id, event_key) VALUES($u, $k)";
            var markUser = mark.Parameters.Add("$u", SqliteType.Text);
            var markKey = mark.Parameters.Add("$k", SqliteType.Text);

            int applied = 0, duplicates = 0;
            foreach (var (userId, items) in byUser)
            {
                var (state, version) = await ReadStateAsync(connection, tx, userId, ct).ConfigureAwait(false);
                if (expected is { } x && x.UserId == userId && x.Version != version)
                {
                    return (0, 0);
                }

                var changed = false;
                foreach (var (e, key) in items)
                {
                    markUser.Value = userId;
                    markKey.Value = key;
                    if (await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
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
                    await using var save = connection.CreateCommand();
                    save.Transaction = tx;
                    save.CommandText = "INSERT OR REPLACE INTO users(user_id, state, version) VALUES($u, $s, $v)";
                    save.Parameters.AddWithValue("$u", userId);
                    save.Parameters.AddWithValue("$s", state.ToBytes());
                    save.Parameters.AddWithValue("$v", version + 1);
                    await save.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
            return (applied, duplicates);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"The SQLite store could not be written ({e.Message}).", e);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task<(UserState State, long Version)> ReadStateAsync(
        SqliteConnection connection, SqliteTransaction? tx, string userId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT state, version FROM users WHERE user_id = $id";
        command.Parameters.AddWithValue("$id", userId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return (new UserState(), 0);
        }

        return (UserState.FromBytes((byte[])reader.GetValue(0)), reader.GetInt64(1));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
