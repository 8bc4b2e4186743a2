using Microsoft.Data.Sqlite;

namespace Recommender.Api.Stores;

/// <summary>
/// One open read connection with its statement prepared once. Microsoft.Data.Sqlite prepares a command's SQL again on
/// every execution of a new command and runs pool bookkeeping on every open; a decision reads one user, so those costs
/// were a large share of a read. The store keeps a small pool of these, one per concurrent reader.
/// </summary>
internal sealed class SqliteReadSession : IDisposable
{
    // One statement, so version, state and profile come from one read transaction (one consistent snapshot).
    private const string Sql = """
        SELECT u.version, u.state, p.profile
        FROM (SELECT $id AS id) AS k
        LEFT JOIN users AS u ON u.user_id = k.id
        LEFT JOIN profiles AS p ON p.user_id = k.id
        """;

    // The same read for many users in one statement (one read transaction, one snapshot): the ids go in as one JSON
    // array, and the rows come back in its order (json_each's key).
    private const string ManySql = """
        SELECT u.version, u.state, p.profile
        FROM json_each($ids) AS k
        LEFT JOIN users AS u ON u.user_id = k.value
        LEFT JOIN profiles AS p ON p.user_id = k.value
        ORDER BY k.key
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _read;
    private readonly SqliteParameter _id;
    private SqliteCommand? _readMany;
    private SqliteParameter? _ids;

    public SqliteReadSession(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _read = _connection.CreateCommand();
        _read.CommandText = Sql;
        _id = _read.Parameters.Add("$id", SqliteType.Text);
        _read.Prepare();
    }

    /// <returns>The stored version (0 when the user has none), the state bytes (null when none) and the profile JSON.</returns>
    public (long Version, byte[]? State, string? Profile) Read(string userId)
    {
        _id.Value = userId;
        using var reader = _read.ExecuteReader();
        reader.Read();
        return Row(reader);
    }

    /// <summary>What <see cref="Read"/> answers for each of <paramref name="userIds"/>, in their order, from one statement.</summary>
    public UserRead[] ReadMany(IReadOnlyList<string> userIds)
    {
        if (_readMany is null)
        {
            _readMany = _connection.CreateCommand();
            _readMany.CommandText = ManySql;
            _ids = _readMany.Parameters.Add("$ids", SqliteType.Text);
            _readMany.Prepare();
        }

        _ids!.Value = System.Text.Json.JsonSerializer.Serialize(userIds, SqliteJsonContext.Default.IReadOnlyListString);
        var reads = new UserRead[userIds.Count];
        using var reader = _readMany.ExecuteReader();
        var i = 0;
        while (reader.Read())
        {
            var (version, state, profile) = Row(reader);
            reads[i] = UserRead.Stored(userIds[i], version, state, profile);
            i++;
        }

        if (i != reads.Length)
        {
            throw new InvalidOperationException($"The SQLite store answered {i} rows for {reads.Length} users.");
        }

        return reads;
    }

    /// <summary>One row of either statement: version (0 when the user has none), state bytes, profile JSON.</summary>
    private static (long Version, byte[]? State, string? Profile) Row(SqliteDataReader reader) => (
        reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
        reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1),
        reader.IsDBNull(2) ? null : reader.GetString(2));

    public void Dispose()
    {
        _readMany?.Dispose();
        _read.Dispose();
        _connection.Dispose();
    }
}
