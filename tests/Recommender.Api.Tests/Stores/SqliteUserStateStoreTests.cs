using Microsoft.Data.Sqlite;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Features;

namespace Recommender.Api.Tests.Stores;

public sealed class SqliteUserStateStoreTests : UserStateStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteUserStateStore> _stores = [];

    private string Path_ => _folder.File("state.db");

    /// <summary>
    /// One process owns a SQLite file, so every "client" of a test is the test's one store: the contract's concurrency
    /// tests race requests inside it, as the API's requests do.
    /// </summary>
    protected override IUserStateStore CreateStore()
    {
        // Clients are created from several threads at once.
        lock (_stores)
        {
            if (_stores.Count == 0)
            {
                _stores.Add(new SqliteUserStateStore(Path_));
            }

            return _stores[0];
        }
    }

    protected override async Task<long> RememberedKeysAsync(string userId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path_};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM processed WHERE user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A file of the earlier format (event keys without an instant) is migrated when opened: every key is kept by its
    /// user's latest event, so a repeat is still a duplicate, and the keys are forgotten once the user's events move on.
    /// </summary>
    [SkippableFact]
    public async Task AFileOfTheEarlierFormat_IsMigrated_AndItsKeysStillCatchDuplicates()
    {
        var state = new UserState();
        state.Apply(Ev.Action("old-1", "u1", Ev.T0));
        state.Apply(Ev.Action("old-2", "u1", Ev.T0.AddDays(2)));
        await using (var connection = new SqliteConnection($"Data Source={Path_};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE users(user_id TEXT PRIMARY KEY, state BLOB NOT NULL, version INTEGER NOT NULL);
                CREATE TABLE profiles(user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
                CREATE TABLE processed(user_id TEXT NOT NULL, event_key TEXT NOT NULL, PRIMARY KEY(user_id, event_key)) WITHOUT ROWID;
                INSERT INTO users VALUES('u1', $s, 1);
                INSERT INTO processed VALUES('u1', 'old-1'), ('u1', 'old-2');
                """;
            command.Parameters.AddWithValue("$s", state.ToBytes());
            await command.ExecuteNonQueryAsync();
        }

        var store = CreateStore();

        Assert.Equal(new ApplyResult(0, 2, 1), await store.ApplyAsync([Ev.Action("old-1", "u1", Ev.T0), Ev.Action("old-2", "u1", Ev.T0.AddDays(2))]));
        Assert.Equal(2, (await store.ReadAsync("u1")).State.EventsApplied);
        Assert.Equal(2L, await ScalarAsync("PRAGMA user_version"));
        Assert.Equal(Ev.T0.AddDays(2).Ticks, await ScalarAsync("SELECT min(at) FROM processed"));
        await store.ApplyAsync([Ev.Action("new", "u1", Ev.T0.AddDays(9).AddMinutes(1))]);
        Assert.Equal(1, await RememberedKeysAsync("u1"));
    }

    [SkippableFact]
    public async Task AFileOfALaterFormat_IsRefused()
    {
        await using (var connection = new SqliteConnection($"Data Source={Path_};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 3";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(Path_);

        var error = Assert.Throws<StoreFormatException>(() => new SqliteUserStateStore(Path_));

        Assert.Contains("format 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path_)); // refused untouched: no tables of ours, no WAL mode
    }

    [SkippableFact]
    public async Task State_SurvivesANewStoreOnTheSameFile()
    {
        using (var first = new SqliteUserStateStore(Path_))
        {
            await first.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
            await first.PutProfilesAsync([Ev.Profile("u1")]);
        }

        using var second = new SqliteUserStateStore(Path_);
        var read = await second.ReadAsync("u1");
        Assert.Equal(1, read.State.EventsApplied);
        Assert.Equal(1, read.Version);
        Assert.Equal("u1", read.Profile?.UserId);
    }

    /// <summary>The cache answers reads without asking SQLite, so a second store on the file must not exist.</summary>
    [SkippableFact]
    public void ASecondStoreOnTheSameFile_IsRefused_NamingTheFileAndTheWayToShareState()
    {
        using var first = new SqliteUserStateStore(Path_);

        var e = Assert.Throws<StoreUnavailableException>(() => new SqliteUserStateStore(Path_));

        Assert.Contains(Path.GetFullPath(Path_), e.Message, StringComparison.Ordinal);
        Assert.Contains("redis", e.Message, StringComparison.Ordinal);
        first.Dispose();
        using var again = new SqliteUserStateStore(Path_);
    }

    /// <summary>
    /// A lock file that cannot be created (here its name is one character past the file system's limit; a read-only
    /// folder fails alike) is no other process: the refusal says what it is. Before, every failure to take the lock was
    /// "open in another store or process", which sent an operator looking for a process that did not exist.
    /// </summary>
    [SkippableFact]
    public void A_lock_file_that_cannot_be_created_is_not_called_another_process()
    {
        var path = _folder.File(new string('s', 252) + ".db"); // 255 bytes: the database may be made, its ".lock" may not

        var e = Assert.Throws<StoreFormatException>(() => new SqliteUserStateStore(path));

        Assert.Contains($"its lock file '{path}.lock' cannot be created (", e.Message, StringComparison.Ordinal);
        Assert.Contains("The store's folder must be writable", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another store or process", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads that miss the cache race commits for the same users (a one-user cache misses all the time). Whatever the
    /// interleaving, the cache never keeps a state older than the committed one: at the end every user reads exactly
    /// what a fresh store reads from the file.
    /// </summary>
    [SkippableFact]
    public async Task ReadsRacingCommits_NeverLeaveAStaleUserInTheCache()
    {
        var users = Enumerable.Range(0, 4).Select(i => $"u{i}").ToArray();
        var store = new SqliteUserStateStore(Path_, cacheUsers: 2);
        _stores.Add(store);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var i = r;
            while (!stop.IsCancellationRequested)
            {
                await store.ReadAsync(users[i++ % users.Length]);
            }
        })).ToArray();
        var writes = Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var user = users[i % users.Length];
            if (i % 7 == 0)
            {
                await store.PutProfilesAsync([Ev.Profile(user) with { Plan = $"plan-{i}" }]);
            }
            else
            {
                await store.ApplyAsync([Ev.Action($"e{i}", user, Ev.T0.AddSeconds(i))]);
            }
        })).ToArray();
        await Task.WhenAll(writes);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var cached = new Dictionary<string, UserSnapshot>();
        foreach (var user in users)
        {
            cached[user] = await store.ReadAsync(user);
        }

        store.Dispose();
        using var fresh = new SqliteUserStateStore(Path_, cacheUsers: 0);
        foreach (var user in users)
        {
            var truth = await fresh.ReadAsync(user);
            Assert.Equal(truth.Version, cached[user].Version);
            Assert.Equal(truth.State.EventsApplied, cached[user].State.EventsApplied);
            Assert.Equal(truth.Profile?.Plan, cached[user].Profile?.Plan);
        }
    }

    [SkippableFact]
    public async Task ConcurrentWritesOfOneStore_ShareCommits_AndEachCounts()
    {
        var store = CreateStore();
        var writes = Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            store.ApplyAsync([Ev.Action($"e{i}", i % 2 == 0 ? "hot" : $"u{i}", Ev.T0.AddSeconds(i))]))).ToArray();
        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Equal(1, r.Applied));
        var hot = await CreateStore().ReadAsync("hot");
        Assert.Equal(30, hot.State.EventsApplied);
        Assert.Equal(30, hot.Version);
    }

    /// <summary>A write the fold refuses is rolled back alone; the writes committed with it are kept.</summary>
    [SkippableFact]
    public async Task RefusedWrite_FailsAlone_AndLeavesNoTrace()
    {
        var store = CreateStore();
        var local = new Core.Events.UserEvent("bad", "u1", DateTime.SpecifyKind(Ev.T0, DateTimeKind.Local), "project_created");
        var writes = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            store.ApplyAsync(i == 7 ? [Ev.Action("ok-first", "u1", Ev.T0), local] : [Ev.Action($"e{i}", $"u{i + 10}", Ev.T0)]))).ToArray();

        await Assert.ThrowsAsync<ArgumentException>(() => writes[7]);
        Assert.All(writes.Where((_, i) => i != 7), w => Assert.Equal(1, w.Result.Applied));
        Assert.Equal(0, (await store.ReadAsync("u1")).Version);
        // Nothing of the refused batch was marked as processed: its good event applies later.
        Assert.Equal(1, (await store.ApplyAsync([Ev.Action("ok-first", "u1", Ev.T0)])).Applied);
    }

    /// <summary>
    /// Without the cache (a plan's store) a batch is one statement: ids with quotes and non-ASCII characters go through
    /// its JSON array intact, every user comes back in the order asked, and a state that cannot be decoded fails its own
    /// user only (as <see cref="SqliteUserStateStore.ReadAsync"/> fails it), not the batch.
    /// </summary>
    [SkippableFact]
    public async Task ReadMany_WithoutTheCache_IsOneStatement_ThatKeepsOrderOddIdsAndFailuresPerUser()
    {
        string[] odd = ["quote\"d", "ünïcødé-ユーザー", "back\\slash", "plain"];
        using (var writer = new SqliteUserStateStore(Path_, cacheUsers: 0))
        {
            await writer.ApplyAsync([.. odd.Select((u, i) => Ev.Action($"e{i}", u, Ev.T0.AddMinutes(i))), Ev.Action("b", "broken", Ev.T0)]);
        }

        await ScalarAsync("UPDATE users SET state = x'00ff00ff' WHERE user_id = 'broken'; SELECT 0");
        using var store = new SqliteUserStateStore(Path_, cacheUsers: 0);
        string[] ids = ["plain", "broken", .. odd, "nobody"];

        var reads = await store.ReadManyAsync(ids);

        Assert.Equal(ids, reads.Select(r => r.UserId));
        Assert.ThrowsAny<InvalidDataException>(() => reads[1].Snapshot());
        await Assert.ThrowsAnyAsync<InvalidDataException>(() => store.ReadAsync("broken"));
        foreach (var (id, read) in ids.Zip(reads).Where(p => p.First != "broken"))
        {
            var one = await store.ReadAsync(id);
            var many = read.Snapshot();
            Assert.Equal(one.Version, many.Version);
            Assert.Equal(one.State.ToBytes(), many.State.ToBytes());
        }

        Assert.All(reads.Take(6).Where(r => r.UserId != "broken"), r => Assert.Equal(1, r.Snapshot().Version));
        Assert.Equal(0, reads[^1].Snapshot().Version);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path_};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        foreach (var s in _stores)
        {
            s.Dispose();
        }

        _folder.Dispose();
    }
}
