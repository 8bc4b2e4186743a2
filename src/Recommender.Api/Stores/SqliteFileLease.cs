namespace Recommender.Api.Stores;

/// <summary>
/// The SQLite store's claim on its file: an exclusive lock on <c>FILE.lock</c> beside it, held while the store is open.
/// </summary>
/// <remarks>
/// The SQLite store is the embedded, single-process default (several API processes share state through Redis). Owning
/// the file is what lets its cache serve reads without asking SQLite (<see cref="SqliteSnapshotCache"/>); a second
/// process on the same file would change users behind that cache, so it is refused at start with a clear error
/// instead. The lock is the operating system's (an advisory lock taken with the handle), so it goes away with the
/// process, also when the process is killed.
/// </remarks>
internal sealed class SqliteFileLease : IDisposable
{
    private readonly FileStream _lock;

    private SqliteFileLease(FileStream @lock) => _lock = @lock;

    public static SqliteFileLease Take(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            return new SqliteFileLease(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new StoreUnavailableException(
                $"The SQLite store '{databasePath}' is open in another store or process (its lock file '{path}' is held). " +
                "One process serves a SQLite file; to share state between API processes use --store redis:HOST:PORT.", e);
        }
        catch (IOException e)
        {
            // Not another process: a read-only file system, a name too long, a full disk. Said as such; before, every
            // failure to take the lock was reported as "open in another process", which sent the operator looking for one.
            throw new StoreFormatException(
                $"The SQLite store '{databasePath}' cannot be used: its lock file '{path}' cannot be created ({e.Message.TrimEnd('.')}). " +
                "The store's folder must be writable: it holds the database, its write-ahead log and this lock file.");
        }
    }

    public void Dispose() => _lock.Dispose();

    // The lock another handle holds: EWOULDBLOCK (11) from flock on Linux and macOS, a sharing or lock violation on Windows.
    private static bool IsHeld(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
