using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Core.Features;

/// <summary>
/// When a logged decision was taken, and what the deciding policy knew then. A send the engine's look-ahead scheduled
/// was decided before its own timestamp and carries that instant in <c>decided_at</c>; from then on the policy held
/// it as pending (caps count it). Every other event became known at its own timestamp. Training extracts a decision's
/// features, and evaluation replays it, at its decision instant with the events known then, in that order: what the
/// engine saw, bit for bit.
/// </summary>
public static class DecisionInstants
{
    /// <summary>A send's <c>decided_at</c> when it is an instant with a zone no later than the send; null otherwise (then it was decided at its timestamp, as far as the log says).</summary>
    public static DateTime? DecidedAt(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);

        // Most sends carry no decided_at: a text search spares them a JSON parse (training asks for every send).
        return e.EventType == EventTypes.MessageSent && e.Properties is { } json && json.Contains(EventProperties.DecidedAt, StringComparison.Ordinal)
            && Instant(e, EventProperties.DecidedAt) is { } decided && decided <= e.Timestamp ? decided : null;
    }

    /// <summary>An instant property, read as the contract reads instants (ISO 8601 with a zone); null when absent or not one.</summary>
    public static DateTime? Instant(UserEvent e, string name)
    {
        ArgumentNullException.ThrowIfNull(e);
        return EventPropertyReader.GetString(e.Properties, name) is { } text ? ProfileAttributes.ParseInstant(text) : null;
    }

    /// <summary>When each event became known to the logging policy (ticks): a scheduled send at its <c>decided_at</c>, any other event at its timestamp.</summary>
    public static long[] KnownAt(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var known = new long[events.Count];
        for (var i = 0; i < known.Length; i++)
        {
            known[i] = (DecidedAt(events[i]) ?? events[i].Timestamp).Ticks;
        }

        return known;
    }

    /// <summary>
    /// The positions 0 … n − 1 of <paramref name="knownAt"/> in the order of their instants, ties in position order: the
    /// same order whatever the threads, and the identity (without sorting) for a log without scheduled sends.
    /// </summary>
    public static int[] InKnownOrder(ReadOnlySpan<long> knownAt)
    {
        var order = new int[knownAt.Length];
        var sorted = true;
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
            sorted &= k == 0 || knownAt[k - 1] <= knownAt[k];
        }

        if (!sorted)
        {
            // A stable sort of the positions by instant: Array.Sort is not stable, so ties compare by position.
            var keys = knownAt.ToArray();
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        }

        return order;
    }
}
