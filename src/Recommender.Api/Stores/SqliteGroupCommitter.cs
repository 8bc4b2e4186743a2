using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Recommender.Api.Stores;

/// <summary>
/// The SQLite store's only writer in this process: one thread, one connection, group commit. Writes queue here; the
/// thread takes every write waiting (up to <see cref="MaxGroup"/>), runs them in order in one <c>BEGIN IMMEDIATE</c>
/// transaction, each under its own savepoint, commits once (<c>synchronous=FULL</c>: one fsync for the group), and only
/// then completes their tasks. So every answer still waits for its own write to be durable, but concurrent writers
/// share the fsync instead of queueing for one each.
/// </summary>
/// <remarks>
/// Conditional writes stay exact: each write reads the state inside the transaction, which holds SQLite's write lock
/// (nothing else can commit in between) and includes the group's earlier writes. A write that throws is rolled
/// back to its savepoint and fails alone; a failing statement or COMMIT fails the whole group with
/// <see cref="StoreUnavailableException"/>, and nothing of it reaches the cache.
/// </remarks>
internal sealed class SqliteGroupCommitter : IDisposable
{
    /// <summary>Bounds one transaction's size (and so the time until its first writer hears back).</summary>
    public const int MaxGroup = 256;

    /// <summary>The writer connection's page cache, KiB (64 MiB: the interior pages of a store of a million users).</summary>
    private const int WriterCacheKiB = 64 * 1024;

    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteBatch _batch;
    private readonly SqliteSnapshotCache _cache;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly Thread _thread;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackTo;
    private readonly SqliteCommand _commit;

    public SqliteGroupCommitter(string connectionString, SqliteSnapshotCache cache)
    {
        _cache = cache;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("PRAGMA synchronous=FULL");
        // The one writer keeps its page cache across commits (readers' caches are reset by every commit; its own is
        // not), so a larger one holds the tables' interior pages: with SQLite's default 2 MB, every write to a random
        // user of a store of a million re-read most of its b-tree path from the file.
        Execute($"PRAGMA cache_size=-{WriterCacheKiB}");
        // Checkpoints run on the checkpointer's thread (see there), never inside this thread's COMMIT.
        Execute("PRAGMA wal_autocheckpoint=0");
        Execute($"PRAGMA journal_size_limit={SqliteCheckpointer.WalSizeLimitBytes}");
        // Prepared once: each of these runs for every write or group, and preparing one costs about as much as running it.
        _begin = Prepare("BEGIN IMMEDIATE");
        _savepoint = Prepare("SAVEPOINT w");
        _release = Prepare("RELEASE w");
        _rollbackTo = Prepare("ROLLBACK TO w");
        _commit = Prepare("COMMIT");
        _batch = new SqliteWriteBatch(_connection);
        _checkpointer = new SqliteCheckpointer(connectionString);
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-group-commit" };
        _thread.Start();
    }

    /// <summary>Queues a write; the task completes once it is durable (or has failed).</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteBatch, T> body)
    {
        var write = new SqliteWrite<T>(body);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new StoreUnavailableException("The SQLite store is shutting down; retry the request.");
        }

        return write.Task;
    }

    public void Dispose()
    {
        // Writes already queued are still committed: their callers are waiting for them.
        _queue.Writer.TryComplete();
        _thread.Join();
        _checkpointer.Dispose();
        _batch.Dispose();
        _begin.Dispose();
        _savepoint.Dispose();
        _release.Dispose();
        _rollbackTo.Dispose();
        _commit.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        var group = new List<SqliteWrite>(MaxGroup);
        var reader = _queue.Reader;
        // A dedicated thread that blocks on SQLite (and its fsync) instead of holding a thread-pool thread.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxGroup && reader.TryRead(out var write))
            {
                group.Add(write);
            }

            Commit(group);
        }
    }

    private void Commit(List<SqliteWrite> group)
    {
        var kept = new List<SqliteWrite>(group.Count);
        _batch.Clear();
        try
        {
            _begin.ExecuteNonQuery();
            foreach (var write in group)
            {
                var mark = _batch.Mark;
                _savepoint.ExecuteNonQuery();
                try
                {
                    write.Execute(_batch);
                    _release.ExecuteNonQuery();
                    kept.Add(write);
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException)
                {
                    // This write's own fault (an event the fold refuses, a state it cannot decode): undo it alone.
                    _rollbackTo.ExecuteNonQuery();
                    _release.ExecuteNonQuery();
                    _batch.RollBackTo(mark);
                    write.Fail(e);
                }
            }

            _commit.ExecuteNonQuery();
        }
#pragma warning disable CA1031 // The committer serves every writer: any failure must fail this group's callers, never stop the thread and leave them waiting.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RollBackQuietly();
            foreach (var (userId, _, _) in _batch.Saved)
            {
                _cache.Forget(userId);
            }

            var error = e as StoreUnavailableException
                ?? new StoreUnavailableException($"The SQLite store could not be written ({e.Message}).", e);
            // Writes that had failed alone keep their own error (a completed task ignores a second one).
            foreach (var write in group)
            {
                write.Fail(error);
            }

            return;
        }

        _cache.Committed(_batch.Saved, _batch.ProfilesWritten);
        _checkpointer.Committed();

        foreach (var write in kept)
        {
            write.Succeed();
        }
    }

    private void RollBackQuietly()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN itself failed) or the connection is broken: the next BEGIN reports it.
        }
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
