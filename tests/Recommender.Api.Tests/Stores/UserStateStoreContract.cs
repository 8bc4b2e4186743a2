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

    /// <summary>How many event keys the store remembers for <paramref name="userId"/> (rows, or set members).</summary>
    protected abstract Task<long> RememberedKeysAsync(string userId);

    /// <summary>The default horizon (<c>Store:IdempotencyHorizon</c>): a week.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(7);

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
    public async Task TryRecordSend_OfADecisionRecordedBefore_CountsAsRecordedAtItsInstant_AndIsRefusedAtAnother()
    {
        var store = CreateStore();
        Assert.True(await store.TryRecordSendAsync("u1", 0, DecisionSend("d1", "u1", Ev.T0)));

        // A retry of the same decision: recorded already, nothing changes.
        Assert.True(await store.TryRecordSendAsync("u1", 1, DecisionSend("d1", "u1", Ev.T0)));
        Assert.Equal(1, (await store.ReadAsync("u1")).Version);

        // Another decision under the same id, two days later: it would have been taken for the first and escaped the caps.
        var e = await Assert.ThrowsAsync<DecisionIdReusedException>(() => store.TryRecordSendAsync("u1", 1, DecisionSend("d1", "u1", Ev.T0.AddDays(2))));
        Assert.Equal(("u1", "d1", "welcome"), (e.UserId, e.DecisionId, e.MessageId));
        Assert.Equal(Ev.T0, e.RecordedAt);
        var after = await store.ReadAsync("u1");
        Assert.Equal(1, after.Version);
        Assert.Equal(1, after.State.SendsBefore("welcome", Ev.T0.AddDays(3)));
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
    public async Task Users_ListsEveryUserWithAStateOnce_AcrossPages_AndNotUsersKnownOnlyByProfile()
    {
        var store = CreateStore();
        // More users than a page of the listing, and ids with the characters the Redis hash tag escapes.
        var users = Enumerable.Range(0, 2_345).Select(i => $"user-{i:D5}").Concat(["a}b", "50%", "%7D", "{x}"]).ToList();
        foreach (var batch in users.Chunk(500))
        {
            await store.ApplyAsync(batch.Select(u => Ev.Action("a-" + u, u, Ev.T0)).ToList());
        }

        await store.PutProfilesAsync([Ev.Profile("profile-only")]);
        Assert.True(await store.TryRecordSendAsync("sent-only", 0, DecisionSend("d1", "sent-only", Ev.T0)));

        var listed = new List<string>();
        await foreach (var user in CreateStore().UsersAsync())
        {
            listed.Add(user);
        }

        Assert.Equal(users.Append("sent-only").Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
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
    public async Task ReadMany_AnswersWhatReadAnswers_InTheOrderAsked()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0), Ev.Action("b", "u2", Ev.T0), Ev.Sent("c", "u2", Ev.T0.AddHours(1), "welcome")]);
        await store.PutProfilesAsync([new UserProfile("u2", Ev.T0.AddDays(-3), "DE", "Europe/Berlin", 12, "pro"), new UserProfile("profile-only", Ev.T0, "FR", "Europe/Paris", 1, "free")]);
        string[] ids = ["u2", "nobody", "u1", "profile-only", "u2"];

        var reads = await CreateStore().ReadManyAsync(ids);

        Assert.Equal(ids, reads.Select(r => r.UserId));
        foreach (var (id, read) in ids.Zip(reads))
        {
            var one = await CreateStore().ReadAsync(id);
            var many = read.Snapshot();
            Assert.Equal((one.UserId, one.Version, one.Profile?.Country), (many.UserId, many.Version, many.Profile?.Country));
            Assert.Equal(one.State.ToBytes(), many.State.ToBytes());
        }

        Assert.Equal((1, 2), (reads[0].Snapshot().Version, reads[0].Snapshot().State.EventsApplied));
        Assert.Equal(0, reads[1].Snapshot().Version);
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

    [SkippableFact]
    public async Task ADuplicateInsideTheHorizon_IsStillDetected()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("first", "u1", Ev.T0)]);
        await store.ApplyAsync([Ev.Action("later", "u1", Ev.T0 + Horizon - TimeSpan.FromMinutes(1))]);

        var again = await store.ApplyAsync([Ev.Action("first", "u1", Ev.T0)]);

        Assert.Equal(new ApplyResult(0, 1, 1), again);
        Assert.Equal(2, (await store.ReadAsync("u1")).State.EventsApplied);
    }

    /// <summary>
    /// An event dated more than the horizon before its user's latest event is not applied: its id may have been
    /// forgotten, so it could be a retry of an event applied long ago. It is named, with the instant the user's events
    /// must be at or after; the rest of the batch is applied.
    /// </summary>
    [SkippableFact]
    public async Task AnEventOlderThanTheHorizon_IsNotApplied_ButReportedAsExpired()
    {
        var store = CreateStore();
        var latest = Ev.T0.AddDays(10);
        await store.ApplyAsync([Ev.Action("recent", "u1", latest)]);

        var result = await store.ApplyAsync([
            Ev.Action("in-time", "u1", latest - Horizon),
            Ev.Action("too-old", "u1", latest - Horizon - TimeSpan.FromTicks(1)),
            Ev.Action("other-user", "u2", Ev.T0),
        ]);

        Assert.Equal(new ApplyResult(2, 0, 2) { Expired = result.Expired }, result);
        Assert.Equal([new ExpiredEvent(1, latest - Horizon)], result.Expired);
        var read = await store.ReadAsync("u1");
        Assert.Equal(2, read.State.EventsApplied);
        Assert.Equal(2, read.Version);
    }

    /// <summary>Within one batch the horizon moves with each event, and a key seen earlier in the batch is still a duplicate.</summary>
    [SkippableFact]
    public async Task InOneBatch_AnEventLeftBehindByTheHorizon_IsADuplicateIfItsIdWasSeen_ElseExpired()
    {
        var result = await CreateStore().ApplyAsync([
            Ev.Action("a", "u1", Ev.T0),
            Ev.Action("b", "u1", Ev.T0.AddDays(10)),
            Ev.Action("a", "u1", Ev.T0),
            Ev.Action("c", "u1", Ev.T0),
        ]);

        Assert.Equal(2, result.Applied);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal([3], result.Expired.Select(e => e.Index));
    }

    /// <summary>
    /// Keys behind the horizon are forgotten as the user's events move on: after 60 days of events the store remembers
    /// exactly the keys of the last week, a repeat of one of them is a duplicate, and a repeat of the first event
    /// (forgotten) is expired, never applied twice.
    /// </summary>
    [SkippableFact]
    public async Task KeysOlderThanTheHorizon_AreForgotten_SoTheMemoryPerUserStaysBounded()
    {
        var store = CreateStore();
        var events = Enumerable.Range(0, 60 * 4).Select(i => Ev.Action($"e{i}", "u1", Ev.T0.AddHours(6 * i))).ToList();
        foreach (var day in events.Chunk(4))
        {
            await store.ApplyAsync(day);
        }

        var latest = events[^1].Timestamp;
        var inHorizon = events.Count(e => e.Timestamp >= latest - Horizon);
        Assert.Equal(inHorizon, await RememberedKeysAsync("u1"));
        Assert.Equal(new ApplyResult(0, 1, 1), await store.ApplyAsync([events[^inHorizon]]));
        var forgotten = await store.ApplyAsync([events[0]]);
        Assert.Equal(0, forgotten.Applied + forgotten.Duplicates);
        Assert.Single(forgotten.Expired);
        Assert.Equal(events.Count, (await store.ReadAsync("u1")).State.EventsApplied);
    }

    /// <summary>The send a decision records always counts (the caps need it), whatever its instant.</summary>
    [SkippableFact]
    public async Task ARecordedSend_IsRecordedEvenBehindTheHorizon()
    {
        var store = CreateStore();
        await store.ApplyAsync([Ev.Action("a", "u1", Ev.T0.AddDays(10))]);
        var version = (await store.ReadAsync("u1")).Version;

        Assert.True(await store.TryRecordSendAsync("u1", version, DecisionSend("d1", "u1", Ev.T0)));

        Assert.Equal(1, (await store.ReadAsync("u1")).State.SendsBefore("welcome", Ev.T0.AddDays(1)));
    }

    [SkippableFact]
    public async Task AScheduledSend_IsMarked_AndTheCallersReportMovesItToItsOwnInstant()
    {
        var store = CreateStore();
        // Two sends of one message scheduled, a sub-millisecond instant each (Redis keeps key instants to the millisecond).
        var first = Ev.T0.AddHours(5).AddTicks(1234);
        var second = Ev.T0.AddHours(30).AddTicks(5678);
        Assert.True(await store.TryRecordSendAsync("u1", 0, Scheduled("d1", "u1", first)));
        Assert.True(await store.TryRecordSendAsync("u1", 1, Scheduled("d2", "u1", second)));
        var before = (await store.ReadAsync("u1")).State;
        Assert.Equal(new SentMessage(first, "welcome", "push"), before.ScheduledSendFrom(Ev.T0));

        // The caller sent the second one an hour early, and reports it.
        var sentAt = second.AddHours(-1);
        var report = new UserEvent("caller-2", "u1", sentAt, EventTypes.MessageSent, "welcome", Properties: """{"decision_id":"d2"}""");
        var result = await store.ApplyAsync([report]);
        var again = await store.ApplyAsync([report with { EventId = "caller-2b" }]);

        Assert.Equal(new ApplyResult(1, 0, 1), result);
        var after = await store.ReadAsync("u1");
        Assert.Equal(3, after.State.SendsBefore("welcome", Ev.T0.AddDays(3))); // the second report is a send of its own
        Assert.Equal(1, again.Applied);
        Assert.Equal(first, after.State.LastSendBefore("welcome", first.AddTicks(1)));
        Assert.Equal(sentAt, after.State.LastSendBefore("welcome", second));
        Assert.Equal(new SentMessage(first, "welcome", "push"), after.State.ScheduledSendFrom(Ev.T0));

        // The moved send is the report's, on the channel the report names (none): the scheduled one's channel left with it.
        var sends = new List<SentMessage>();
        foreach (var send in after.State.SendsBetween(Ev.T0, Ev.T0.AddDays(3)))
        {
            sends.Add(send);
        }

        Assert.Equal([new SentMessage(first, "welcome", "push"), new SentMessage(sentAt, "welcome"), new SentMessage(sentAt, "welcome")], sends);
        Assert.Null(after.State.ScheduledSendFrom(first.AddTicks(1)));
    }

    [SkippableFact]
    public async Task ASendRecordedForNow_IsNotMarkedScheduled_AndItsReportStaysADuplicate()
    {
        var store = CreateStore();
        Assert.True(await store.TryRecordSendAsync("u1", 0, DecisionSend("d1", "u1", Ev.T0)));

        var report = new UserEvent("caller-1", "u1", Ev.T0.AddMinutes(5), EventTypes.MessageSent, "welcome", Properties: """{"decision_id":"d1"}""");

        Assert.Equal(new ApplyResult(0, 1, 1), await store.ApplyAsync([report]));
        var state = (await store.ReadAsync("u1")).State;
        Assert.Null(state.ScheduledSendFrom(DateTime.MinValue));
        Assert.Equal(Ev.T0, state.LastSendBefore("welcome", Ev.T0.AddDays(1)));
    }

    private static UserEvent Scheduled(string decisionId, string user, DateTime at) =>
        new(EventKeys.ForDecision(decisionId, "welcome"), user, at, EventTypes.MessageSent, "welcome",
            Properties: EventProperties.OfScheduledDecision(decisionId, 0.5, at, at.AddTicks(1), "push", 0.25));

    private static UserEvent DecisionSend(string decisionId, string user, DateTime at) =>
        new(EventKeys.ForDecision(decisionId, "welcome"), user, at, EventTypes.MessageSent, "welcome", Properties: $$"""{"decision_id":"{{decisionId}}"}""");
}
