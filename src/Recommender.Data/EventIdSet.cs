using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Recommender.Data;

/// <summary>
/// The event ids seen so far in a read, to skip repeated deliveries of the same event.
/// </summary>
/// <remarks>
/// Stores a 128-bit xxHash of each id rather than the id itself: about 30 bytes per distinct id
/// (a 1 GB log of ~30 million events needs ~1 GB here) instead of ~90 for a set of strings.
/// Two different ids collide with probability about n²/2¹²⁹, i.e. below 10⁻²⁰ for a billion events,
/// so no event is dropped by mistake in practice.
/// </remarks>
internal sealed class EventIdSet
{
    private readonly HashSet<UInt128> _seen = [];

    public int Count => _seen.Count;

    /// <summary>True when <paramref name="eventId"/> is new; false when it was seen before.</summary>
    public bool Add(string eventId) =>
        _seen.Add(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(eventId.AsSpan())));
}
