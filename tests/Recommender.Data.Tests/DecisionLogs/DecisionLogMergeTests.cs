using Recommender.Core.Events;
using Recommender.Data.DecisionLog;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>
/// Joining the log to the events: each control row once (not again when the events already hold it, not twice when the
/// log is read twice), sends confirmed only by the events' <c>message_sent</c>, and users only the log knows.
/// </summary>
public sealed class DecisionLogMergeTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Each_users_control_rows_join_its_events_and_the_counts_add_up()
    {
        var log = await LogAsync(
            LoggedDecisions.Send("s-confirmed", "u1", T0, "welcome"),
            LoggedDecisions.Send("s-unconfirmed", "u1", T0.AddHours(1), "welcome"),
            LoggedDecisions.NoSend("n-later", "u1", T0.AddHours(5), 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("n-earlier", "u1", T0.AddHours(2), 0.9, ("upgrade", 0.02)),
            LoggedDecisions.NoSend("n-nothing", "u1", T0.AddHours(3), 1));
        var events = new List<UserEvent>
        {
            new("e1", "u1", T0.AddMinutes(-5), "project_created"),
            Sent("e2", "u1", T0.AddMinutes(1), "s-confirmed"),
            new("e3", "u1", T0.AddHours(6), "plan_upgraded"),
        };
        var merge = log.StartMerge();

        var added = merge.AddTo("u1", events);

        Assert.Equal(2, added);
        Assert.Equal(["e1", "e2", "e3", "decision_no_send:n-earlier", "decision_no_send:n-later"], events.Select(e => e.EventId));
        Assert.Empty(merge.RemainingUsers());
        Assert.Equal(
            new DecisionLogInput(log.Fingerprint, 1, 5, 0, 2, 1, 1, 3, 1, 2, 0, 0),
            merge.Result());
    }

    [Fact]
    public async Task A_no_send_the_events_already_hold_is_applied_once()
    {
        var log = await LogAsync(
            LoggedDecisions.NoSend("by-decision-id", "u1", T0, 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("by-event-id", "u1", T0.AddHours(1), 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("sent-after-all", "u1", T0.AddHours(2), 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("new", "u1", T0.AddHours(3), 0.9, ("tips", 0.02)));
        var events = new List<UserEvent>
        {
            // As the world (or an earlier export) writes a held-out decision: its own event id, the decision id in the properties.
            new("u1-00007", "u1", T0, EventTypes.DecisionNoSend, "tips", null, """{"decision_id":"by-decision-id","propensity":0.9}"""),
            new("decision_no_send:by-event-id", "u1", T0.AddHours(1), EventTypes.DecisionNoSend, "tips"),
            Sent("e3", "u1", T0.AddHours(2), "sent-after-all"),
        };
        var merge = log.StartMerge();

        merge.AddTo("u1", events);

        Assert.Equal("decision_no_send:new", Assert.Single(events.Skip(3)).EventId);
        var result = merge.Result();
        Assert.Equal(1, result.ControlRows);
        Assert.Equal(3, result.ControlRowsAlreadyInEvents);
    }

    [Fact]
    public async Task A_send_is_confirmed_only_by_a_message_sent_carrying_its_decision_id()
    {
        var log = await LogAsync(
            LoggedDecisions.Send("s1", "u1", T0, "welcome"),
            LoggedDecisions.Send("s2", "u1", T0.AddHours(1), "welcome"),
            LoggedDecisions.Send("s3", "u1", T0.AddHours(2), "welcome"));
        var events = new List<UserEvent>
        {
            Sent("e1", "u1", T0, "s1"),
            new("e2", "u1", T0.AddHours(1), EventTypes.MessageSent, "welcome", null, """{"propensity":0.9}"""),
            new("e3", "u1", T0.AddHours(2), EventTypes.MessageOpened, "welcome", null, """{"decision_id":"s3"}"""),
        };
        var merge = log.StartMerge();

        var added = merge.AddTo("u1", events);

        Assert.Equal(0, added);
        Assert.Equal(3, events.Count);
        Assert.Equal((1L, 2L), (merge.Result().SendsConfirmed, merge.Result().SendsUnconfirmed));
    }

    [Fact]
    public async Task Users_only_in_the_log_come_last_in_id_order_with_their_control_rows()
    {
        var log = await LogAsync(
            LoggedDecisions.NoSend("n1", "u9", T0, 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("n2", "u3", T0, 0.9, ("tips", 0.02)),
            LoggedDecisions.Send("s1", "u5", T0, "welcome"),
            LoggedDecisions.NoSend("n3", "u1", T0, 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("n4", "u10", T0, 0.9, ("tips", 0.02)));
        var merge = log.StartMerge();
        merge.AddTo("u1", [new UserEvent("e1", "u1", T0, "project_created")]);

        var remaining = merge.RemainingUsers();

        Assert.Equal(["u10", "u3", "u9"], remaining.Select(u => u.UserId));
        Assert.All(remaining, u => Assert.Equal(EventTypes.DecisionNoSend, Assert.Single(u.Events).EventType));
        var result = merge.Result();
        Assert.Equal(4, result.ControlRows);
        Assert.Equal(4, result.UsersWithoutEvents);
        Assert.Equal(1, result.SendsUnconfirmed);
        Assert.Throws<InvalidOperationException>(() => merge.AddTo("u9", []));
    }

    [Fact]
    public async Task The_same_log_read_twice_gives_each_control_row_once()
    {
        var folder = _temp.File("log");
        Directory.CreateDirectory(folder);
        await DecisionLogTestFile.WriteAsync(Path.Combine(folder, "decisions-1.parquet"), [LoggedDecisions.NoSend("n1", "u1", T0, 0.9, ("tips", 0.02))]);
        var log = await DecisionLogEvents.ReadAsync([folder, folder]);
        var events = new List<UserEvent>();
        var merge = log.StartMerge();

        merge.AddTo("u1", events);

        Assert.Single(events);
        Assert.Equal(1, merge.Result().DuplicatesSkipped);
        Assert.Equal(1, merge.Result().Decisions);
    }

    [Fact]
    public async Task The_rows_and_the_fingerprint_do_not_depend_on_how_the_log_is_split_into_files()
    {
        var decisions = Enumerable.Range(0, 40)
            .Select(i => LoggedDecisions.NoSend($"n{i:D2}", $"u{i % 3}", T0.AddHours(i % 7), 0.9, ("tips", 0.02), ("welcome", i % 5 * 0.01)))
            .ToArray();
        var one = _temp.File("one");
        var two = _temp.File("two");
        Directory.CreateDirectory(one);
        Directory.CreateDirectory(two);
        await DecisionLogTestFile.WriteAsync(Path.Combine(one, "decisions-1.parquet"), decisions);
        await DecisionLogTestFile.WriteAsync(Path.Combine(two, "decisions-1.parquet"), decisions.Reverse().Take(25).ToArray(), rowGroupSize: 4);
        await DecisionLogTestFile.WriteAsync(Path.Combine(two, "decisions-2.parquet"), decisions.Reverse().Skip(25).ToArray());

        var (a, b) = (await DecisionLogEvents.ReadAsync([one]), await DecisionLogEvents.ReadAsync([two]));

        foreach (var user in new[] { "u0", "u1", "u2" })
        {
            List<UserEvent> fromA = [], fromB = [];
            a.StartMerge().AddTo(user, fromA);
            b.StartMerge().AddTo(user, fromB);
            Assert.Equal(fromA, fromB);
            Assert.Equal(fromA.OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal), fromA);
        }

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a.Fingerprint, (await DecisionLogEvents.ReadAsync([one])).Fingerprint);
        Assert.Matches("^sha256:[0-9a-f]{64}$", a.Fingerprint);
    }

    public void Dispose() => _temp.Dispose();

    private static UserEvent Sent(string eventId, string userId, DateTime at, string decisionId) =>
        new(eventId, userId, at, EventTypes.MessageSent, "welcome", null, $$"""{"decision_id":"{{decisionId}}","propensity":0.95}""");

    private async Task<DecisionLogEvents> LogAsync(params DecisionLogEntry[] decisions)
    {
        var folder = _temp.File("log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await DecisionLogTestFile.WriteAsync(Path.Combine(folder, "decisions-1.parquet"), decisions);
        return await DecisionLogEvents.ReadAsync([folder]);
    }
}
