using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;

namespace Recommender.Core.Tests.Features;

public sealed class UserStateTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void State_size_stays_bounded_however_long_the_history()
    {
        var twoMonths = Daily(days: 60);
        var twoYears = Daily(days: 730);

        Assert.Equal(730 * 4, twoYears.EventsApplied);
        Assert.InRange(twoYears.ToBytes().Length, 1, twoMonths.ToBytes().Length * 1.2);
    }

    [Fact]
    public void Compacted_history_still_counts_in_totals_and_first_and_last()
    {
        var state = Daily(days: 200);
        var asOf = T0.AddDays(200);

        Assert.Equal(200, state.CountBefore("task_created", asOf));
        Assert.Equal(T0.AddHours(9), state.FirstBefore("task_created", asOf));
        Assert.Equal(T0.AddDays(199).AddHours(9), state.LastBefore("task_created", asOf));
        Assert.Equal(30, state.CountBetween("task_created", asOf.AddDays(-30), asOf));
    }

    [Fact]
    public void Asking_before_the_exact_horizon_throws_rather_than_answering_wrongly()
    {
        var state = Daily(days: 200);

        var error = Assert.Throws<InvalidOperationException>(() => state.CountBefore("task_created", state.ExactFrom.AddDays(-31)));
        Assert.Contains("exact", error.Message, StringComparison.Ordinal);
        _ = state.CountBefore("task_created", state.ExactFrom);
    }

    [Fact]
    public void An_event_later_than_the_horizon_only_updates_totals()
    {
        var state = Daily(days: 100);
        var asOf = T0.AddDays(100);
        var windowBefore = state.CountBetween("task_created", asOf.AddDays(-30), asOf);

        state.Apply(new UserEvent("late", "u", T0.AddDays(1), "task_created"));

        Assert.Equal(101, state.CountBefore("task_created", asOf));
        Assert.Equal(windowBefore, state.CountBetween("task_created", asOf.AddDays(-30), asOf));
    }

    [Theory]
    // Opt events as "type:category@hour"; a missing category means all categories. Expected: marketing, all.
    [InlineData("", false, false)]
    [InlineData("u:marketing@1", true, false)]
    [InlineData("u:engagement@1", false, false)]
    [InlineData("u@1", true, true)]
    [InlineData("u@1 r:marketing@2", false, true)]
    [InlineData("u:marketing@1 r@2", false, false)]
    [InlineData("u@1 r@2", false, false)]
    [InlineData("r@1 u:Marketing@2", true, false)]
    [InlineData("u:marketing@2 r:marketing@2", true, false)]
    [InlineData("u:marketing@30", false, false)]
    public void Opt_outs_follow_the_latest_event_reaching_the_category(string events, bool marketing, bool all)
    {
        var state = new UserState();
        foreach (var (token, i) in events.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((t, i) => (t, i)))
        {
            var at = token.Split('@');
            var kind = at[0].Split(':');
            state.Apply(new UserEvent(
                $"e{i}", "u", T0.AddHours(int.Parse(at[1], System.Globalization.CultureInfo.InvariantCulture)),
                kind[0] == "u" ? EventTypes.Unsubscribed : EventTypes.Resubscribed,
                Properties: kind.Length > 1 ? $"{{\"category\":\"{kind[1]}\"}}" : null));
        }

        var asOf = T0.AddHours(24);
        Assert.Equal(marketing, state.IsUnsubscribedAt(MessageCategory.Marketing, asOf));
        Assert.Equal(all, state.IsUnsubscribedFromAllAt(asOf));
    }

    [Theory]
    [InlineData("o:a@1", 1)]
    [InlineData("o:a@1 c:a@2", 0)]
    [InlineData("o:a@1 c:a@2 o:a@3", 1)]
    [InlineData("o:a@1 c:a@1", 0)]
    [InlineData("c:a@1 o:a@2", 1)]
    [InlineData("o:a@1 o:b@2 c:b@3", 1)]
    [InlineData("o:a@1 c:a@30", 1)]
    [InlineData("c:a@1", 0)]
    public void A_ticket_is_open_when_its_latest_open_is_after_its_latest_close(string events, int open)
    {
        var state = new UserState();
        foreach (var (token, i) in events.Split(' ').Select((t, i) => (t, i)))
        {
            var at = token.Split('@');
            var kind = at[0].Split(':');
            state.Apply(new UserEvent(
                $"e{i}", "u", T0.AddHours(int.Parse(at[1], System.Globalization.CultureInfo.InvariantCulture)),
                kind[0] == "o" ? EventTypes.TicketOpened : EventTypes.TicketClosed, Properties: $"{{\"ticket_id\":\"{kind[1]}\"}}"));
        }

        Assert.Equal(open, state.OpenTicketsAt(T0.AddHours(24)));
    }

    [Fact]
    public void A_local_timestamp_is_rejected_with_the_event_named()
    {
        var e = new UserEvent("e-local", "u", new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Local), "task_created");

        var error = Assert.Throws<ArgumentException>(() => new UserState().Apply(e));
        Assert.Contains("e-local", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sends_between_two_instants_come_oldest_first_with_ties_by_message_id()
    {
        var state = new UserState();
        state.Apply(new UserEvent("s1", "u", T0.AddHours(1), EventTypes.MessageSent, "b"));
        state.Apply(new UserEvent("s2", "u", T0.AddHours(1), EventTypes.MessageSent, "a"));
        state.Apply(new UserEvent("s3", "u", T0.AddHours(6), EventTypes.MessageSent, "b"));
        state.Apply(new UserEvent("s0", "u", T0.AddMinutes(30), EventTypes.MessageSent, "c"));

        var sends = new List<SentMessage>();
        foreach (var send in state.SendsBetween(T0.AddHours(1), T0.AddHours(6)))
        {
            sends.Add(send);
        }

        Assert.Equal([new SentMessage(T0.AddHours(1), "a"), new SentMessage(T0.AddHours(1), "b")], sends);
        Assert.Equal(T0.AddHours(6), state.LastSendBefore("b", T0.AddDays(1)));
        Assert.Equal(T0.AddHours(1), state.LastSendBefore("b", T0.AddHours(6)));
        Assert.Null(state.LastSendBefore("d", T0.AddDays(1)));
    }

    private static UserState Daily(int days)
    {
        var state = new UserState();
        for (var d = 0; d < days; d++)
        {
            var day = T0.AddDays(d);
            state.Apply(new UserEvent($"a{d}", "u", day.AddHours(9), "task_created"));
            state.Apply(new UserEvent($"b{d}", "u", day.AddHours(10), EventTypes.MessageSent, d % 3 == 0 ? "welcome" : "tasks"));
            state.Apply(new UserEvent($"c{d}", "u", day.AddHours(11), EventTypes.MessageOpened, "welcome"));
            state.Apply(new UserEvent($"d{d}", "u", day.AddHours(12), EventTypes.TicketOpened, Properties: $"{{\"ticket_id\":\"t{d}\"}}") with
            {
                EventType = d % 2 == 0 ? EventTypes.TicketOpened : EventTypes.TicketClosed,
                Properties = $"{{\"ticket_id\":\"t{d / 2}\"}}",
            });
        }

        return state;
    }
}
