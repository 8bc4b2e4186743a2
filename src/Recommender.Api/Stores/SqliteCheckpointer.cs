using Microsoft.Data.Sqlite;

namespace Recommender.Api.Stores;

/// <summary>
/// Copies the WAL's committed pages back into the database file on its own thread and connection, so that the
/// committer's thread never does. SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold: that
/// group's callers then waited for a thousand random page writes and an fsync of the database file besides their own
/// WAL fsync, which was the tail of a decision's latency when many users receive sends.
/// </summary>
/// <remarks>
/// Durability is unchanged: a write is durable once its WAL frames are synced at COMMIT; a checkpoint only moves them.
/// Checkpoints are PASSIVE (they never block the writer or readers) and run after commits, at most one per
/// <see cref="Interval"/>; a passive checkpoint cannot pass a reader's snapshot, so the WAL is reset (written from its
/// start again) whenever a checkpoint has caught up and no reader is inside it, and truncated back to
/// <see cref="WalSizeLimitBytes"/> then.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>The longest a committed page waits to be copied while writes keep arriving.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// What the WAL file is cut back to after a reset (SQLite's journal_size_limit). Set on the committer's connection:
    /// the writer restarts the log, and the limit applies in the connection that does.
    /// </summary>
    public const long WalSizeLimitBytes = 64L * 1024 * 1024;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public SqliteCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-checkpoint" };
        _thread.Start();
    }

    /// <summary>Called after each COMMIT: there are pages to copy.</summary>
    public void Committed()
    {
        // One pending signal is enough: the next checkpoint copies everything committed until then.
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled in between: the same checkpoint serves both.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _checkpoint.Dispose();
        // Closing the last connection of the file checkpoints what is left (SQLite's own rule).
        _connection.Dispose();
        _committed.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                _committed.Wait(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                _checkpoint.ExecuteNonQuery();
            }
#pragma warning disable CA1031 // A failed checkpoint loses nothing (the pages stay in the WAL) and the next one retries: it must not stop the thread.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            // Commits arriving meanwhile are copied by the next round; waiting here groups them.
            if (_stop.Token.WaitHandle.WaitOne(Interval))
            {
                return;
            }
        }
    }
}
