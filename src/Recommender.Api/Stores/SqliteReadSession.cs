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

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _read;
    private readonly SqliteParameter _id;

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
        var version = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        var state = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
        var profile = reader.IsDBNull(2) ? null : reader.GetString(2);
        return (version, state, profile);
    }

    public void Dispose()
    {
        _read.Dispose();
        _connection.Dispose();
    }
}
