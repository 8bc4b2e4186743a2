using Recommender.Core.Events;

namespace Recommender.Core.Tests.Support;

/// <summary>
/// Which query instants a <c>UserState</c> must answer exactly, worked out from its documented contract rather than read
/// from its <c>ExactFrom</c>: exact instants are kept for the longest feature window (30 days) plus a week for late
/// events behind the latest event applied, and compaction moves its boundary in steps of at least a day. So with the
/// latest event at L, every instant from L − 7 days on is exact, and none up to L − 8 days is. Tests that skip the
/// instants before <c>ExactFrom</c> count the rest against these bounds, so that a state (or a test) skipping too
/// much fails.
/// </summary>
internal static class ExactHorizon
{
    /// <summary>The week behind the latest event in which late events still land in place.</summary>
    private static readonly TimeSpan LateEvents = TimeSpan.FromDays(7);

    /// <summary>How far past the week compaction may have gone: less than one step of a day.</summary>
    private static readonly TimeSpan CompactionStep = TimeSpan.FromDays(1);

    /// <summary>How many of <paramref name="instants"/> a state holding <paramref name="applied"/> must answer exactly (the fewest checks allowed).</summary>
    public static int MustBeExact(IEnumerable<DateTime> instants, IEnumerable<UserEvent> applied) =>
        Latest(applied) is { } latest ? instants.Count(t => t >= latest - LateEvents) : instants.Count();

    /// <summary>How many of <paramref name="instants"/> a state holding <paramref name="applied"/> may answer exactly (the most checks possible).</summary>
    public static int MayBeExact(IEnumerable<DateTime> instants, IEnumerable<UserEvent> applied) =>
        Latest(applied) is { } latest ? instants.Count(t => t > latest - LateEvents - CompactionStep) : instants.Count();

    private static DateTime? Latest(IEnumerable<UserEvent> applied) =>
        applied.Select(e => (DateTime?)e.Timestamp).Max();
}
