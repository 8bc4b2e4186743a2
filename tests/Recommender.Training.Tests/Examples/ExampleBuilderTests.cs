using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Training.Examples;

namespace Recommender.Training.Tests.Examples;

public sealed class ExampleBuilderTests
{
    private static readonly DateTime T = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly MessageCatalog Catalog = new()
    {
        Messages =
        [
            new MessageDefinition { Id = "nudge", Category = MessageCategory.Engagement, Channel = "email", GoalEvent = "task_created", GoalWindowHours = 72 },
            new MessageDefinition { Id = "tips", Category = MessageCategory.Engagement, Channel = "in_app", GoalEvent = "task_created", GoalWindowHours = 48 },
            new MessageDefinition { Id = "invite", Category = MessageCategory.Engagement, Channel = "email", GoalEvent = "teammate_invited", GoalWindowHours = 72 },
        ],
    };

    private static readonly FeatureSchema Schema = FeatureSchema.Create(Catalog, new FeatureSchemaOptions { EventTypes = ["session_started"] });

    [Theory]
    [InlineData(-1.0, false)]
    [InlineData(0.0, false)]
    [InlineData(0.0001, true)]
    [InlineData(72.0, true)]
    [InlineData(72.0001, false)]
    public void The_goal_label_counts_the_goal_event_in_the_half_open_window_after_the_send(double hoursAfter, bool expected)
    {
        var rows = Build(Sent(), Event("task_created", T.AddHours(hoursAfter)));

        Assert.Equal(expected, Assert.Single(rows).LabelGoal);
    }

    /// <summary>The goal at hour 30 belongs to the later decision when one for the same goal came first (hour 24).</summary>
    [Theory]
    [InlineData(EventTypes.MessageSent, "nudge", false)]
    [InlineData(EventTypes.MessageSent, "tips", false)]
    [InlineData(EventTypes.DecisionNoSend, "tips", false)]
    [InlineData(EventTypes.MessageSent, "invite", true)]
    public void The_goal_label_stops_at_the_next_decision_for_the_same_goal(string nextType, string nextMessage, bool expected)
    {
        var rows = Build(Sent(), Event(nextType, T.AddHours(24), nextMessage), Event("task_created", T.AddHours(30)));

        Assert.Equal(expected, rows.First(r => r.SentAt == T).LabelGoal);
    }

    [Theory]
    [InlineData(23.0, true)]
    [InlineData(24.0, true)]
    [InlineData(24.0001, false)]
    public void A_goal_up_to_the_instant_of_the_next_decision_for_the_same_goal_counts_for_the_earlier_one(double goalHours, bool expected)
    {
        var rows = Build(Sent(), Event(EventTypes.MessageSent, T.AddHours(24), "tips"), Event("task_created", T.AddHours(goalHours)));

        Assert.Equal(expected, rows.First(r => r.SentAt == T).LabelGoal);
    }

    [Theory]
    [InlineData(EventTypes.Unsubscribed, 1.0, true)]
    [InlineData(EventTypes.Complained, 168.0, true)]
    [InlineData(EventTypes.Unsubscribed, 168.0001, false)]
    [InlineData(EventTypes.Unsubscribed, 0.0, false)]
    [InlineData(EventTypes.Resubscribed, 1.0, false)]
    public void The_unsubscribe_label_counts_opt_outs_in_the_fatigue_window(string type, double hoursAfter, bool expected)
    {
        var rows = Build(Sent(), Event(type, T.AddHours(hoursAfter)));

        Assert.Equal(expected, Assert.Single(rows).LabelUnsubscribe);
    }

    [Fact]
    public void A_control_decision_gives_a_control_row_with_its_goal_label_and_no_unsubscribe_label()
    {
        var control = Event(EventTypes.DecisionNoSend, T, "nudge", "{\"decision_id\":\"d-7\",\"propensity\":0.15}");

        var row = Assert.Single(Build(control, Event("task_created", T.AddHours(5)), Event(EventTypes.Unsubscribed, T.AddHours(6))));

        Assert.Equal(ExampleArm.Control, row.Arm);
        Assert.Equal("d-7", row.DecisionId);
        Assert.Equal(0.15, row.Propensity);
        Assert.True(row.LabelGoal);
        Assert.False(row.LabelUnsubscribe);
    }

    [Fact]
    public void Features_are_taken_from_events_strictly_before_the_send_even_when_listed_before_it()
    {
        var earlier = Event("session_started", T.AddHours(-2));
        var sameInstant = Event("session_started", T);

        var row = Assert.Single(Build(earlier, sameInstant, Sent(), Event("session_started", T.AddHours(1))));

        var state = new UserState();
        state.Apply(earlier);
        Assert.Equal(new FeatureExtractor(Schema).Extract(state, null, Catalog.Messages[0], T), row.Features);
        Assert.Equal(1f, row.Features[Schema.IndexOf("evt.session_started.count_1d")]);
    }

    /// <summary>
    /// A send the look-ahead scheduled at decision time T for T + 5 h: its features are those the engine decided on (the
    /// sessions of the hours in between stay out, an earlier scheduled send already pending is in), and its goal is
    /// counted from the send, not from the decision. Fails on a builder that extracts every send at its timestamp.
    /// </summary>
    [Fact]
    public void A_scheduled_send_is_extracted_at_its_decision_with_what_was_known_then()
    {
        var before = Event("session_started", T.AddHours(-2));
        var pending = Scheduled("tips", decidedAt: T.AddHours(-1), sendAt: T.AddHours(8));
        var between = new[] { Event("session_started", T.AddHours(1)), Event("session_started", T.AddHours(2)) };
        var send = Scheduled("nudge", decidedAt: T, sendAt: T.AddHours(5));
        var goalBeforeSend = Event("task_created", T.AddHours(3));

        var rows = Build([before, pending, .. between, goalBeforeSend, send]);

        var row = rows.Single(r => r.MessageId == "nudge");
        var known = new UserState();
        known.Apply(before);
        known.Apply(pending);
        Assert.Equal(new FeatureExtractor(Schema).Extract(known, null, Catalog.Messages[0], T), row.Features);
        Assert.Equal(1f, row.Features[Schema.IndexOf("evt.session_started.count_1d")]);
        Assert.Equal(T.AddHours(5), row.SentAt);
        Assert.False(row.LabelGoal); // the goal came after the decision but before the message arrived

        // The same events without decided_at: every decision at its send, as logs written before the field are read.
        var undated = Build([before, Undated(pending), .. between, goalBeforeSend, Undated(send)]);
        Assert.Equal(3f, undated.Single(r => r.MessageId == "nudge").Features[Schema.IndexOf("evt.session_started.count_1d")]);
    }

    [Fact]
    public void A_decided_at_after_the_send_or_without_a_zone_is_not_a_decision_instant()
    {
        var session = Event("session_started", T.AddHours(1));
        var late = Event(EventTypes.MessageSent, T.AddHours(2), "nudge", "{\"decided_at\":\"2026-02-01T15:00:00Z\"}");
        var zoneless = Event(EventTypes.MessageSent, T.AddHours(2), "nudge", "{\"decided_at\":\"2026-02-01T12:00:00\"}");

        foreach (var send in new[] { late, zoneless })
        {
            var row = Assert.Single(Build(session, send));
            Assert.Equal(1f, row.Features[Schema.IndexOf("evt.session_started.count_1d")]);
        }
    }

    [Fact]
    public void Sends_of_unknown_messages_and_controls_without_a_message_are_counted_not_emitted()
    {
        var block = new ExampleBlock(Schema.Count, 4);

        var counts = new ExampleBuilder(Catalog, Schema).Build(
            [Event(EventTypes.MessageSent, T, "retired"), Event(EventTypes.DecisionNoSend, T), Sent()], null, block);

        Assert.Equal(new ExampleCounts(Treatment: 1, Control: 0, UnknownMessages: 1, ControlsWithoutMessage: 1), counts);
        Assert.Equal(1, block.Count);
    }

    [Fact]
    public void A_send_without_decision_properties_keeps_nulls()
    {
        var row = Assert.Single(Build(Event(EventTypes.MessageSent, T, "nudge")));

        Assert.Null(row.DecisionId);
        Assert.Null(row.Propensity);
    }

    [Fact]
    public void Events_out_of_time_order_give_the_same_rows_as_in_order()
    {
        UserEvent[] events = [Event("session_started", T.AddHours(-3)), Sent(), Event("task_created", T.AddHours(2)), Sent(T.AddDays(1))];

        var ordered = Build(events);
        var reversed = Build([.. events.Reverse()]);

        Assert.Equal(2, ordered.Count);
        Assert.Equal(ordered.Select(r => (r.SentAt, r.LabelGoal)), reversed.Select(r => (r.SentAt, r.LabelGoal)));
        Assert.Equal(ordered.SelectMany(r => r.Features), reversed.SelectMany(r => r.Features));
    }

    [Fact]
    public void A_block_grows_to_hold_a_user_with_many_sends()
    {
        var block = new ExampleBlock(Schema.Count, 1);

        new ExampleBuilder(Catalog, Schema).Build(Enumerable.Range(0, 9).Select(i => Sent(T.AddHours(i))).ToList(), null, block);

        Assert.Equal(9, block.Count);
        Assert.Equal(T.AddHours(8), block.Row(8).SentAt);
    }

    private static List<TrainingExample> Build(params UserEvent[] events)
    {
        var block = new ExampleBlock(Schema.Count, 4);
        new ExampleBuilder(Catalog, Schema).Build(events, null, block);
        return block.Rows().ToList();
    }

    private static UserEvent Sent(DateTime? at = null) =>
        Event(EventTypes.MessageSent, at ?? T, "nudge", "{\"decision_id\":\"d-1\",\"propensity\":0.5}");

    private static UserEvent Scheduled(string messageId, DateTime decidedAt, DateTime sendAt) =>
        Event(EventTypes.MessageSent, sendAt, messageId, EventProperties.OfScheduledDecision("d-" + messageId, 0.5, decidedAt, sendAt, "email", 1));

    private static UserEvent Undated(UserEvent send) =>
        send with { Properties = send.Properties!.Replace(EventProperties.DecidedAt, "decided_at_unknown", StringComparison.Ordinal) };

    private static int _next;

    private static UserEvent Event(string type, DateTime at, string? messageId = null, string? properties = null) =>
        new($"e{Interlocked.Increment(ref _next)}", "u1", at, type, messageId, null, properties);
}
