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
        catch (IOException e)
        {
            throw new StoreUnavailableException(
                $"The SQLite store '{databasePath}' is open in another store or process (its lock file '{path}' is held). " +
                "One process serves a SQLite file; to share state between API processes use --store redis:HOST:PORT.", e);
        }
    }

    public void Dispose() => _lock.Dispose();
}
