using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Stores;

public sealed class SqliteUserStateStoreTests : UserStateStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("api-sqlite-").FullName;
    private readonly List<SqliteUserStateStore> _stores = [];

    protected override IUserStateStore CreateStore()
    {
        var store = new SqliteUserStateStore(Path.Combine(_folder, "state.db"));
        _stores.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task State_SurvivesANewStoreOnTheSameFile()
    {
        await CreateStore().ApplyAsync([Support.Ev.Action("a", "u1", Support.Ev.T0)]);
        Assert.Equal(1, (await new SqliteUserStateStore(Path.Combine(_folder, "state.db")).ReadAsync("u1")).State.EventsApplied);
    }

    /// <summary>The in-process cache of decoded states never hides another writer's change: every read checks the version.</summary>
    [SkippableFact]
    public async Task CachedState_IsReplacedWhenAnotherStoreWritesTheUser()
    {
        var reader = CreateStore();
        await reader.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
        Assert.Equal(1, (await reader.ReadAsync("u1")).State.EventsApplied);

        await CreateStore().ApplyAsync([Ev.Action("b", "u1", Ev.T0.AddMinutes(1))]);

        var again = await reader.ReadAsync("u1");
        Assert.Equal(2, again.State.EventsApplied);
        Assert.Equal(2, again.Version);
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

    public void Dispose()
    {
        foreach (var s in _stores)
        {
            s.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
