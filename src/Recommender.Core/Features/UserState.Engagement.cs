using Recommender.Core.Events;

namespace Recommender.Core.Features;

/// <summary>
/// Queries of when and where a user engages: product actions by hour of day, reactions by message. The send-time
/// decision reads them; they are exact only inside the retention horizon, like every windowed query.
/// </summary>
public sealed partial class UserState
{
    /// <summary>
    /// Adds one to <paramref name="hours"/>[h] for every product action (an event of a type outside
    /// <see cref="EventTypes.Reserved"/>) in [<paramref name="from"/>, <paramref name="to"/>), where h is its hour
    /// of the day at <paramref name="utcOffset"/> from UTC. Returns the number of actions counted.
    /// </summary>
    /// <remarks>
    /// One offset for the whole window rather than each instant's own: converting every action with the time zone's
    /// rules costs more than the rest of a decision, and a daylight-saving change inside the window moves the
    /// affected actions by one hour at most.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="hours"/> does not have 24 entries.</exception>
    public int CountActivityByHour(DateTime from, DateTime to, TimeSpan utcOffset, Span<int> hours) =>
        CountActivity(from, to, utcOffset, hours, default);

    /// <summary>
    /// As <see cref="CountActivityByHour"/>, and also adds one to <paramref name="weekdays"/>[d] for each action, d its
    /// local <see cref="DayOfWeek"/> (Sunday 0) at the same offset; an empty <paramref name="weekdays"/> counts no weekdays.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hours"/> does not have 24 entries, or <paramref name="weekdays"/> is neither empty nor 7.</exception>
    public int CountActivity(DateTime from, DateTime to, TimeSpan utcOffset, Span<int> hours, Span<int> weekdays)
    {
        if (hours.Length != 24)
        {
            throw new ArgumentException($"Expected 24 hour buckets, found {hours.Length}.", nameof(hours));
        }

        if (weekdays.Length is not (0 or 7))
        {
            throw new ArgumentException($"Expected 7 weekday buckets or none, found {weekdays.Length}.", nameof(weekdays));
        }

        RequireExact(from, nameof(from));
        var counted = 0;
        foreach (var (type, series) in _types)
        {
            if (EventTypes.Reserved.Contains(type))
            {
                continue;
            }

            var recent = series.Recent;
            for (var i = series.LowerBound(from.Ticks); i < recent.Length && recent[i] < to.Ticks; i++)
            {
                var local = recent[i] + utcOffset.Ticks;
                hours[LocalHour(local)]++;
                if (weekdays.Length != 0)
                {
                    weekdays[LocalWeekday(local)]++;
                }

                counted++;
            }
        }

        return counted;
    }

    /// <summary>The hour of the day (0–23) of local ticks (ticks of UTC plus the offset).</summary>
    internal static int LocalHour(long localTicks) => (int)(localTicks / TimeSpan.TicksPerHour % 24 + 24) % 24;

    /// <summary>The <see cref="DayOfWeek"/> of local ticks (ticks of UTC plus the offset): day 0 of the calendar was a Monday.</summary>
    internal static int LocalWeekday(long localTicks)
    {
        var day = localTicks >= 0 ? localTicks / TimeSpan.TicksPerDay : (localTicks + 1) / TimeSpan.TicksPerDay - 1;
        return (int)(((day + 1) % 7 + 7) % 7);
    }

    /// <summary>
    /// Whether <paramref name="send"/> (one of <see cref="SendsBetween"/>) had been opened, and clicked, before
    /// <paramref name="asOf"/>: a reaction belongs to the latest send of the same message at or before it.
    /// </summary>
    public (bool Opened, bool Clicked) ReactionsTo(SentMessage send, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(send.MessageId);
        RequireExact(send.At, nameof(send));
        if (!_messages.TryGetValue(send.MessageId, out var m))
        {
            return (false, false);
        }

        var (at, until) = (send.At.Ticks, asOf.Ticks);
        return (m.ReactedBefore(m.Opens, at, until), m.ReactedBefore(m.Clicks, at, until));
    }

    /// <summary>Sends of <paramref name="messageId"/> in [<paramref name="from"/>, <paramref name="to"/>) and the opens and clicks recorded in the same window.</summary>
    public (int Sends, int Opens, int Clicks) EngagementBetween(string messageId, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        RequireExact(from, nameof(from));
        return _messages.TryGetValue(messageId, out var m)
            ? (m.Sends.CountBetween(from.Ticks, to.Ticks), m.Opens.CountBetween(from.Ticks, to.Ticks), m.Clicks.CountBetween(from.Ticks, to.Ticks))
            : (0, 0, 0);
    }
}
