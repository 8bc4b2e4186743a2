using Recommender.Api.Stores;

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

    public void Dispose()
    {
        foreach (var s in _stores)
        {
            s.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
