using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Evaluation.Replay;

namespace Recommender.Evaluation.Tests.Replay;

/// <summary>Which decision a goal or an opt-out is credited to.</summary>
public sealed class AttributedRewardsTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);

    private static readonly MessageDefinition Invite = new()
    {
        Id = "invite", Category = MessageCategory.Onboarding, Channel = "email", GoalEvent = "teammate_invited", GoalWindowHours = 72, Value = 10,
    };

    private static UserEvent At(double hours, string type, string? message = null) =>
        new($"e{hours}", "u1", T0.AddHours(hours), type, message);

    [Fact]
    public void A_goal_inside_two_overlapping_windows_is_credited_once_to_the_later_decision()
    {
        UserEvent[] events = [At(0, EventTypes.MessageSent, "invite"), At(24, EventTypes.DecisionNoSend, "invite"), At(30, "teammate_invited")];

        var first = AttributedRewards.Goal(events, 0, Invite, next: events[1].Timestamp);
        var second = AttributedRewards.Goal(events, 1, Invite, next: null);

        Assert.Equal(0, first);
        Assert.Equal(1, second);
    }

    [Fact]
    public void A_goal_before_the_next_decision_stays_with_the_earlier_one()
    {
        UserEvent[] events = [At(0, EventTypes.MessageSent, "invite"), At(5, "teammate_invited"), At(24, EventTypes.MessageSent, "invite")];

        Assert.Equal(1, AttributedRewards.Goal(events, 0, Invite, next: events[2].Timestamp));
        Assert.Equal(0, AttributedRewards.Goal(events, 2, Invite, next: null));
    }

    [Theory]
    [InlineData(71.9, 1)]
    [InlineData(72, 1)]
    [InlineData(72.1, 0)]
    [InlineData(0, 0)]
    public void The_goal_window_is_open_at_the_decision_and_closed_at_its_end(double goalAfterHours, double expected)
    {
        UserEvent[] events = [At(0, EventTypes.MessageSent, "invite"), At(goalAfterHours, "teammate_invited")];

        Assert.Equal(expected, AttributedRewards.Goal(events, 0, Invite, next: null));
    }

    [Fact]
    public void An_opt_out_after_the_next_send_belongs_to_that_send()
    {
        UserEvent[] events = [At(0, EventTypes.MessageSent, "invite"), At(30, EventTypes.MessageSent, "invite"), At(40, EventTypes.Unsubscribed)];

        Assert.Equal(0, AttributedRewards.Unsubscribe(events, 0, 168, nextSend: events[1].Timestamp));
        Assert.Equal(1, AttributedRewards.Unsubscribe(events, 1, 168, nextSend: null));
    }

    [Fact]
    public void A_complaint_counts_as_an_opt_out()
    {
        UserEvent[] events = [At(0, EventTypes.MessageSent, "invite"), At(2, EventTypes.Complained)];

        Assert.Equal(1, AttributedRewards.Unsubscribe(events, 0, 168, nextSend: null));
    }
}
