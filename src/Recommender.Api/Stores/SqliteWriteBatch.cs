using Microsoft.Data.Sqlite;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// What a write may do inside the committer's open transaction, with every statement prepared once on the one writer
/// connection. Reads here see the transaction's own earlier changes, so two writes for one user in the same group
/// fold one after the other exactly as if they had been committed apart. States saved here reach the snapshot cache
/// only after COMMIT.
/// </summary>
internal sealed class SqliteWriteBatch : IDisposable
{
    private readonly SqliteCommand _read;
    private readonly SqliteCommand _mark;
    private readonly SqliteCommand _seen;
    private readonly SqliteCommand _any;
    private readonly SqliteCommand _trim;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _profile;
    private readonly List<(string UserId, long Version, UserState State)> _saved = [];
    private readonly HashSet<string> _profilesWritten = new(StringComparer.Ordinal);

    public SqliteWriteBatch(SqliteConnection connection)
    {
        _read = Prepare(connection, "SELECT state, version FROM users WHERE user_id = $u", ("$u", SqliteType.Text));
        _mark = Prepare(connection, "INSERT OR IGNORE INTO processed(user_id, event_key, at) VALUES($u, $k, $a)",
            ("$u", SqliteType.Text), ("$k", SqliteType.Text), ("$a", SqliteType.Integer));
        _seen = Prepare(connection, "SELECT at FROM processed WHERE user_id = $u AND event_key = $k", ("$u", SqliteType.Text), ("$k", SqliteType.Text));
        _any = Prepare(connection, "SELECT 1 FROM processed WHERE user_id = $u LIMIT 1", ("$u", SqliteType.Text));
        _trim = Prepare(connection, "DELETE FROM processed WHERE user_id = $u AND at < $a", ("$u", SqliteType.Text), ("$a", SqliteType.Integer));
        _insert = Prepare(connection, "INSERT INTO users(user_id, state, version) VALUES($u, $s, $v)",
            ("$u", SqliteType.Text), ("$s", SqliteType.Blob), ("$v", SqliteType.Integer));
        // An update in place, not INSERT OR REPLACE: a replace deletes the row and inserts it again under a new rowid,
        // which changes the user_id index too, so each write dirtied (and wrote to the WAL, then checkpointed) about
        // twice the pages.
        _update = Prepare(connection, "UPDATE users SET state = $s, version = $v WHERE user_id = $u",
            ("$u", SqliteType.Text), ("$s", SqliteType.Blob), ("$v", SqliteType.Integer));
        _profile = Prepare(connection, "INSERT OR REPLACE INTO profiles(user_id, profile) VALUES($u, $p)", ("$u", SqliteType.Text), ("$p", SqliteType.Text));
    }

    /// <summary>States saved by the writes that were kept, in order: the cache takes them after COMMIT.</summary>
    public IReadOnlyList<(string UserId, long Version, UserState State)> Saved => _saved;

    /// <summary>Users whose profile a write of this group put (rolled back or not: the cache only forgets them).</summary>
    public IReadOnlyCollection<string> ProfilesWritten => _profilesWritten;

    /// <summary>A mark to go back to when one write is rolled back to its savepoint.</summary>
    public int Mark => _saved.Count;

    /// <summary>A fresh copy of the user's stored state (never the cached instance readers share) and its version.</summary>
    public (UserState State, long Version) ReadState(string userId)
    {
        _read.Parameters[0].Value = userId;
        using var reader = _read.ExecuteReader();
        return reader.Read() ? (UserState.FromBytes((byte[])reader.GetValue(0)), reader.GetInt64(1)) : (new UserState(), 0);
    }

    /// <summary>Remembers an event key, kept until the user's horizon passes <paramref name="keptBy"/>.</summary>
    /// <returns>False when the key was processed before: a duplicate.</returns>
    public bool MarkProcessed(string userId, string eventKey, DateTime keptBy)
    {
        _mark.Parameters[0].Value = userId;
        _mark.Parameters[1].Value = eventKey;
        _mark.Parameters[2].Value = keptBy.Ticks;
        return _mark.ExecuteNonQuery() > 0;
    }

    /// <summary>Forgets the user's event keys kept by an instant before <paramref name="notBefore"/>.</summary>
    public void Forget(string userId, DateTime notBefore)
    {
        _trim.Parameters[0].Value = userId;
        _trim.Parameters[1].Value = notBefore.Ticks;
        _trim.ExecuteNonQuery();
    }

    /// <returns>True when the key was processed before (by this transaction or an earlier one).</returns>
    public bool IsProcessed(string userId, string eventKey)
    {
        _seen.Parameters[0].Value = userId;
        _seen.Parameters[1].Value = eventKey;
        return _seen.ExecuteScalar() is not null;
    }

    /// <returns>The instant the key is kept by (exact), or null when it is not remembered.</returns>
    public DateTime? KeptBy(string userId, string eventKey)
    {
        _seen.Parameters[0].Value = userId;
        _seen.Parameters[1].Value = eventKey;
        return _seen.ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
    }

    /// <returns>True when the user has a remembered event key (one statement, instead of one per key for a new user).</returns>
    public bool HasKeys(string userId)
    {
        _any.Parameters[0].Value = userId;
        return _any.ExecuteScalar() is not null;
    }

    /// <summary>
    /// Stores the state read by <see cref="ReadState"/> at <paramref name="version"/> − 1 (a user without a row has version
    /// 0, so version 1 inserts the row and any later one updates it).
    /// </summary>
    public void SaveState(string userId, UserState state, long version)
    {
        var command = version == 1 ? _insert : _update;
        command.Parameters[0].Value = userId;
        command.Parameters[1].Value = state.ToBytes();
        command.Parameters[2].Value = version;
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"The state of '{userId}' was not stored at version {version}: its row is not the one read.");
        }

        _saved.Add((userId, version, state));
    }

    public void PutProfile(UserProfile profile)
    {
        _profile.Parameters[0].Value = profile.UserId;
        _profile.Parameters[1].Value = ProfileJson.Write(profile);
        _profile.ExecuteNonQuery();
        _profilesWritten.Add(profile.UserId);
    }

    /// <summary>Drops what the writes after <paramref name="mark"/> saved: their savepoint was rolled back.</summary>
    public void RollBackTo(int mark) => _saved.RemoveRange(mark, _saved.Count - mark);

    public void Clear()
    {
        _saved.Clear();
        _profilesWritten.Clear();
    }

    public void Dispose()
    {
        _read.Dispose();
        _mark.Dispose();
        _seen.Dispose();
        _any.Dispose();
        _trim.Dispose();
        _insert.Dispose();
        _update.Dispose();
        _profile.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }
}
