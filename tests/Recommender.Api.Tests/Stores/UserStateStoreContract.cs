using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Tests.Stores;

/// <summary>
/// What every state store promises, run against each implementation. <see cref="CreateStore"/> gives a new client on
/// the same data each call (a new connection, as another process would have), so the concurrency tests race real clients.
/// </summary>
public abstract class UserStateStoreContract
{
    /// <summary>A new client over this test's data; every call in one test shares the data.</summary>
    protected abstract IUserStateStore CreateStore();

    [SkippableFact]
    public async Task Read_UnknownUser_IsEmptyAtVersionZero()
    {
        var snapshot = await CreateStore().ReadAsync("nobody");
        Assert.Equal(0, snapshot.Version);
        Assert.Equal(0, snapshot.State.EventsApplied);
        Assert.Null(snapshot.Profile);
    }

    [SkippableFact]
    public async Task Apply_ThenRead_GivesTheSameStateAsFoldingLocally()
    {
        var store = CreateStore();
        UserEvent[] events = [Ev.Action("a", "u1", Ev.T0), Ev.Sent("b", "u1", Ev.T0.AddHours(1), "welcome"), Ev.Action("c", "u1", Ev.T0.AddHours(2), "teammate_invited")];

        var result = await store.ApplyAsync(events);

        var expected = new UserState();
        foreach (var e in events)
        {
            expected.Apply(e);
        }

        var snapshot = await CreateStore().ReadAsync("u1");
        Assert.Equal(new ApplyResult(3, 0, 1), result);
        Assert.Equal(expected.ToBytes(), snapshot.State.ToBytes());
        Assert.Equal(1, snapshot.Version);
    }

    [SkippableFact]
    public async Task Apply_RepeatedEventIds_AreAppliedOnceAcrossAndWithinBatches()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0), Ev.Action("b", "u1", Ev.T0.AddMinutes(1))]);

        var second = await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0), Ev.Action("c", "u1", Ev.T0.AddMinutes(2)), Ev.Action("c", "u1", Ev.T0.AddMinutes(2))]);

        Assert.Equal(new ApplyResult(1, 2, 1), second);
        Assert.Equal(3, (await store.ReadAsync("u1")).State.EventsApplied);
    }

    [SkippableFact]
    public async Task Apply_DuplicateOnlyBatch_LeavesVersionUnchanged()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
        var result = await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
        Assert.Equal(new ApplyResult(0, 1, 1), result);
        Assert.Equal(1, (await store.ReadAsync("u1")).Version);
    }

    [SkippableFact]
    public async Task Apply_BatchOverSeveralUsers_UpdatesEachUser()
    {
        var store = CreateStore();
        var result = await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0), Ev.Action("b", "u2", Ev.T0), Ev.Action("c", "u1", Ev.T0.AddMinutes(5))]);
        Assert.Equal(new ApplyResult(3, 0, 2), result);
        Assert.Equal(2, (await store.ReadAsync("u1")).State.EventsApplied);
        Assert.Equal(1, (await store.ReadAsync("u2")).State.EventsApplied);
    }

    [SkippableFact]
    public async Task SameEventIdForDifferentUsers_CountsForEach()
    {
        var store = CreateStore();
        var result = await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0), Ev.Action("a", "u2", Ev.T0)]);
        Assert.Equal(2, result.Applied);
    }

    [SkippableFact]
    public async Task TryRecordSend_AtTheVersionRead_RecordsAndBumpsTheVersion()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
        var read = await store.ReadAsync("u1");

        Assert.True(await store.TryRecordSendAsync("u1", read.Version, DecisionSend("d1", "u1", Ev.T0.AddHours(1))));

        var after = await store.ReadAsync("u1");
        Assert.Equal(read.Version + 1, after.Version);
        Assert.Equal(1, after.State.SendsBefore("welcome", Ev.T0.AddDays(1)));
    }

    [SkippableFact]
    public async Task TryRecordSend_AfterAnotherWrite_IsRefusedAndChangesNothing()
    {
        var store = CreateStore();
        var read = await store.ReadAsync("u1");
        await CreateStore().ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);

        Assert.False(await store.TryRecordSendAsync("u1", read.Version, DecisionSend("d1", "u1", Ev.T0.AddHours(1))));
        Assert.Equal(0, (await store.ReadAsync("u1")).State.SendsBefore("welcome", Ev.T0.AddDays(1)));
    }

    [SkippableFact]
    public async Task CallersReportOfARecordedSend_CountsOnce()
    {
        var store = CreateStore();
        Assert.True(await store.TryRecordSendAsync("u1", 0, DecisionSend("d1", "u1", Ev.T0)));

        var report = new UserEvent("caller-7", "u1", Ev.T0.AddSeconds(3), EventTypes.MessageSent, "welcome", Properties: """{"decision_id":"d1"}""");
        var result = await store.ApplyAsync([report]);

        Assert.Equal(new ApplyResult(0, 1, 1), result);
        Assert.Equal(1, (await store.ReadAsync("u1")).State.SendsBefore("welcome", Ev.T0.AddDays(1)));
    }

    [SkippableFact]
    public async Task Profiles_RoundTrip()
    {
        var profile = new UserProfile("u1", Ev.T0.AddDays(-30), "DE", "Europe/Berlin", 12, "pro")
        {
            Numeric = new Dictionary<string, double> { ["seats"] = 4 },
            Categorical = new Dictionary<string, string> { ["industry"] = "retail" },
        };
        await CreateStore().PutProfilesAsync([profile]);

        var read = (await CreateStore().ReadAsync("u1")).Profile;

        Assert.NotNull(read);
        Assert.Equal(profile with { Numeric = read.Numeric, Categorical = read.Categorical }, read);
        Assert.Equal(4, read.Numeric["seats"]);
        Assert.Equal("retail", read.Categorical["industry"]);
    }

    [SkippableFact]
    public async Task Ping_ReachableStore_IsTrue() => Assert.True(await CreateStore().PingAsync());

    [SkippableFact]
    public async Task ConcurrentBatchesForOneUser_FromSeparateClients_LoseNothing()
    {
        const int Clients = 4, Batches = 15, PerBatch = 5;
        var tasks = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var store = CreateStore();
            for (var b = 0; b < Batches; b++)
            {
                var events = Enumerable.Range(0, PerBatch)
                    .Select(i => Ev.Action($"c{c}-b{b}-e{i}", "hot", Ev.T0.AddMinutes((c * Batches + b) * PerBatch + i)))
                    .ToList();
                // Every batch also repeats an event another client sends: it must still count once.
                events.Add(Ev.Action($"shared-{b}", "hot", Ev.T0.AddDays(1).AddMinutes(b)));
                await store.ApplyAsync(events);
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var state = (await CreateStore().ReadAsync("hot")).State;
        Assert.Equal(Clients * Batches * PerBatch + Batches, state.EventsApplied);
    }

    [SkippableFact]
    public async Task RacingSendsAtOneVersion_ExactlyOneIsRecorded()
    {
        var seed = CreateStore();
        await seed.ApplyAsync([Ev.Action("a", "u1", Ev.T0)]);
        var version = (await seed.ReadAsync("u1")).Version;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            CreateStore().TryRecordSendAsync("u1", version, DecisionSend($"d{i}", "u1", Ev.T0.AddHours(1))))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, (await seed.ReadAsync("u1")).State.SendsBefore("welcome", Ev.T0.AddDays(1)));
    }

    private static UserEvent DecisionSend(string decisionId, string user, DateTime at) =>
        new(EventKeys.ForDecision(decisionId, "welcome"), user, at, EventTypes.MessageSent, "welcome", Properties: $$"""{"decision_id":"{{decisionId}}"}""");
}
