using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Training.Examples;

/// <summary>
/// Replays one user's events in time order through the same <see cref="UserState"/> fold the API uses. At every
/// <c>message_sent</c> it extracts the features as of that instant (the state holds only events strictly before
/// it) and labels the row from what followed; every <c>decision_no_send</c> naming a message gives a control row
/// with the same features and goal label. Not thread-safe: one builder per worker.
/// </summary>
public sealed class ExampleBuilder
{
    private readonly FeatureExtractor _extractor;
    private readonly Dictionary<string, MessageDefinition> _messages;
    private readonly long _fatigueTicks;
    private readonly float[] _features;

    public ExampleBuilder(MessageCatalog catalog, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        _extractor = new FeatureExtractor(schema);
        _messages = catalog.Messages.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _fatigueTicks = TimeSpan.FromHours(catalog.Policy.FatigueWindowHours).Ticks;
        _features = new float[schema.Count];
    }

    public FeatureSchema Schema => _extractor.Schema;

    /// <summary>
    /// Appends the examples of one user to <paramref name="output"/>. <paramref name="events"/> are that user's
    /// events, duplicates already removed; they are put in time order here if they are not.
    /// </summary>
    public ExampleCounts Build(IReadOnlyList<UserEvent> events, UserProfile? profile, ExampleBlock output)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        if (output.FeatureCount != Schema.Count)
        {
            throw new ArgumentException($"The block holds {output.FeatureCount} features; the schema has {Schema.Count}.", nameof(output));
        }

        events = InTimeOrder(events);
        var state = new UserState();
        var applied = 0;
        var counts = default(ExampleCounts);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var arm = e.EventType switch
            {
                EventTypes.MessageSent => ExampleArm.Treatment,
                EventTypes.DecisionNoSend => ExampleArm.Control,
                _ => (ExampleArm?)null,
            };
            if (arm is null)
            {
                continue;
            }

            if (e.MessageId is null || !_messages.TryGetValue(e.MessageId, out var message))
            {
                counts += e.MessageId is null && arm == ExampleArm.Control ? new(0, 0, 0, 1) : new(0, 0, 1, 0);
                continue;
            }

            // Strictly before: events at the same instant as the decision, in whatever order they came, stay out.
            for (; applied < events.Count && events[applied].Timestamp < e.Timestamp; applied++)
            {
                state.Apply(events[applied]);
            }

            _extractor.Extract(state, profile, message, e.Timestamp, _features);
            var goal = GoalFollows(events, i, TimeSpan.FromHours(message.GoalWindowHours).Ticks, message.GoalEvent);
            var unsubscribe = arm == ExampleArm.Treatment && Happens(events, i, _fatigueTicks, EventTypes.Unsubscribed, EventTypes.Complained);
            output.Add(
                e.UserId, message.Id, e.Timestamp, arm.Value,
                EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId),
                EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity),
                _features, goal, unsubscribe);
            counts += arm == ExampleArm.Treatment ? new(1, 0, 0, 0) : new(0, 1, 0, 0);
        }

        return counts;
    }

    /// <summary>
    /// Whether the goal event <paramref name="goal"/> happens in (t, t + window], t being the instant of decision
    /// <paramref name="at"/>, and before the user's next decision (a send or a held-out one) for a message with the
    /// same goal event. A later decision for the same goal has an outcome of its own: counting the goals that follow
    /// it would credit this decision with the next one's effect, and a control row whose user is sent the message a
    /// day later would count that send's conversions as organic. On the 20,000-user world that contamination shrank
    /// the learnt uplift to a mean of 0.021 against a true 0.055 (correlation 0.44); censored, 0.075 and 0.65.
    /// A goal at the same instant as the next decision counts for neither: the state of that decision excludes it too.
    /// </summary>
    private bool GoalFollows(IReadOnlyList<UserEvent> events, int at, long window, string goal)
    {
        var from = events[at].Timestamp.Ticks;
        var to = from + window;
        for (var j = at + 1; j < events.Count; j++)
        {
            var e = events[j];
            var ticks = e.Timestamp.Ticks;
            if (ticks > to)
            {
                break;
            }

            if (ticks <= from)
            {
                continue;
            }

            if (e.EventType == goal)
            {
                return !NextDecisionAt(events, j, ticks, goal);
            }

            if (IsDecisionFor(e, goal))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Whether a decision for <paramref name="goal"/> shares the instant of event <paramref name="index"/>.</summary>
    private bool NextDecisionAt(IReadOnlyList<UserEvent> events, int index, long ticks, string goal)
    {
        for (var k = index - 1; k >= 0 && events[k].Timestamp.Ticks == ticks; k--)
        {
            if (IsDecisionFor(events[k], goal))
            {
                return true;
            }
        }

        for (var k = index + 1; k < events.Count && events[k].Timestamp.Ticks == ticks; k++)
        {
            if (IsDecisionFor(events[k], goal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsDecisionFor(UserEvent e, string goal) =>
        e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend
        && e.MessageId is not null && _messages.TryGetValue(e.MessageId, out var m) && m.GoalEvent == goal;

    /// <summary>Whether an event of either type happens in (t, t + window], t being the instant of event <paramref name="at"/>.</summary>
    private static bool Happens(IReadOnlyList<UserEvent> events, int at, long window, string type, string? otherType)
    {
        var from = events[at].Timestamp.Ticks;
        var to = from + window;
        for (var j = at + 1; j < events.Count; j++)
        {
            var e = events[j];
            var ticks = e.Timestamp.Ticks;
            if (ticks > to)
            {
                break;
            }

            if (ticks > from && (e.EventType == type || e.EventType == otherType))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<UserEvent> InTimeOrder(IReadOnlyList<UserEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Timestamp < events[i - 1].Timestamp)
            {
                // Stable, so rows at one instant keep the input's order and the output is reproducible.
                return events.OrderBy(e => e.Timestamp).ToArray();
            }
        }

        return events;
    }
}
