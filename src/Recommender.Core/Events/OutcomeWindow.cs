namespace Recommender.Core.Events;

/// <summary>
/// Which outcomes a logged decision is credited with: one definition for the training labels (<c>train</c>,
/// <c>features</c>) and the evaluation rewards (<c>evaluate</c>), so that what a model learns and what a policy is
/// scored on are the same thing.
/// </summary>
/// <remarks>
/// A decision at t earns an outcome in (t, end], where end is t + its window, cut at the next decision that draws an
/// outcome of its own (for a goal: the user's next send or held-out decision for a message with the same goal event).
/// Without the cut, a later decision's conversions were credited to this one too: a control row whose user got the
/// message a day later counted that send's conversions as organic, and evaluation counted one goal several times.
/// An outcome at exactly the next decision's instant is the earlier decision's: the next decision's state holds only
/// events strictly before its instant. Each outcome is thus credited to at most one decision.
/// </remarks>
public static class OutcomeWindow
{
    /// <summary>t + <paramref name="windowHours"/>, or <paramref name="next"/> when that comes first.</summary>
    public static DateTime End(DateTime decisionAt, double windowHours, DateTime? next)
    {
        var end = decisionAt.AddHours(windowHours);
        return next is { } n && n < end ? n : end;
    }

    /// <summary>
    /// Whether an event of type <paramref name="type"/> (or <paramref name="otherType"/>) happens in (t, <paramref name="end"/>],
    /// t being the instant of <paramref name="events"/>[<paramref name="at"/>]; <paramref name="events"/> are one user's, in time order.
    /// </summary>
    public static bool Happens(IReadOnlyList<UserEvent> events, int at, DateTime end, string type, string? otherType = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var start = events[at].Timestamp;
        for (var j = at + 1; j < events.Count && events[j].Timestamp <= end; j++)
        {
            var e = events[j];
            if (e.Timestamp > start && (e.EventType == type || e.EventType == otherType))
            {
                return true;
            }
        }

        return false;
    }
}
