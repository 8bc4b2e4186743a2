using Recommender.Core.Events;
using Recommender.Core.Features;

namespace Recommender.Core.Tests.Features;

/// <summary>The engagement queries the send-time decision reads: product actions by local hour, reactions by message.</summary>
public sealed class UserStateEngagementTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Product_actions_count_by_local_hour_in_the_window_and_message_events_do_not()
    {
        var state = new UserState();
        var n = 0;
        void Add(string type, DateTime at, string? message = null) => state.Apply(new UserEvent($"e{++n}", "u", at, type, message, null, null));

        Add("task_created", T0.AddHours(22));            // 22:00 UTC = 07:00 at +9
        Add("project_created", T0.AddHours(22.5));       // same hour
        Add("task_created", T0.AddDays(1).AddHours(3));  // 03:00 UTC = 12:00 at +9
        Add(EventTypes.MessageSent, T0.AddHours(22), "m"); // reserved: not an action
        Add(EventTypes.MessageOpened, T0.AddHours(23), "m");
        Add("task_created", T0.AddDays(2));               // at the window's end: outside [from, to)

        Span<int> hours = stackalloc int[24];
        var counted = state.CountActivityByHour(T0, T0.AddDays(2), TimeSpan.FromHours(9), hours);

        Assert.Equal(3, counted);
        Assert.Equal(2, hours[7]);
        Assert.Equal(1, hours[12]);
        Assert.Equal(3, Sum(hours));

        // A negative offset wraps to the previous day's hours.
        hours.Clear();
        state.CountActivityByHour(T0, T0.AddDays(2), TimeSpan.FromHours(-5), hours);
        Assert.Equal(2, hours[17]);
        Assert.Equal(1, hours[22]);
        Assert.Equal((1, 1, 0), state.EngagementBetween("m", T0, T0.AddDays(2)));
        Assert.Equal((0, 0, 0), state.EngagementBetween("other", T0, T0.AddDays(2)));
        Assert.Throws<ArgumentException>(() => state.CountActivityByHour(T0, T0.AddDays(1), TimeSpan.Zero, new int[12]));
    }

    private static int Sum(ReadOnlySpan<int> values)
    {
        var total = 0;
        foreach (var v in values)
        {
            total += v;
        }

        return total;
    }
}
