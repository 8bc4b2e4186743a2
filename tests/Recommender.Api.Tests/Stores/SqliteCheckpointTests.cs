using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;

namespace Recommender.Api.Tests.Stores;

/// <summary>
/// The store's checkpoints run on their own thread after commits (<see cref="SqliteCheckpointer"/>), not inside a COMMIT
/// once SQLite's threshold of a thousand WAL pages is crossed: committed pages reach the database file soon after any
/// commit, however small, and the writes' own answers never wait for it.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ASmallCommit_ReachesTheDatabaseFile_WithoutWaitingForTheWalThreshold()
    {
        var path = _folder.File("state.db");
        using var store = new SqliteUserStateStore(path);
        // An empty store's file: its schema pages only (the schema is written before the WAL mode takes over the rest).
        await store.ApplyAsync([Ev.Action("first", "u0", Ev.T0)]);
        var before = await SettledSizeAsync(path);

        // A few hundred new users: a few dozen new pages, far fewer than SQLite's automatic threshold of 1,000.
        var events = Enumerable.Range(1, 400).Select(i => Ev.Action($"e{i}", $"user-{i:D4}", Ev.T0.AddMinutes(i))).ToList<UserEvent>();
        await store.ApplyAsync(events);

        var after = await SettledSizeAsync(path);
        Assert.True(after > before, $"expected the committed pages copied into {path} (was {before} bytes), found it still {after} bytes");
        Assert.Equal(400, (await store.ReadManyAsync([.. events.Select(e => e.UserId)])).Count(r => r.Snapshot().Version == 1));
    }

    /// <summary>The database file's size once it has stopped changing (a checkpoint copies within its interval).</summary>
    private static async Task<long> SettledSizeAsync(string path)
    {
        var size = new FileInfo(path).Length;
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(SqliteCheckpointer.Interval * 2);
            var now = new FileInfo(path).Length;
            if (now == size && i >= 3)
            {
                return now;
            }

            size = now;
        }

        return size;
    }

    public void Dispose() => _folder.Dispose();
}
