using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Recommender.Import.Output;

/// <summary>
/// The last <c>capacity</c> event ids, to catch duplicate deliveries (an export's retries sit close together) in
/// bounded memory: a 128-bit hash of each id (a false duplicate needs a collision) and where it was first seen. A
/// repeat older than the window is written again, and the contract's readers apply it once and count it.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly Dictionary<UInt128, long> _seen = new(capacity);
    private readonly Queue<UInt128> _order = new(capacity);

    /// <summary>False when <paramref name="id"/> is in the window (<paramref name="first"/> says where it was first seen); else adds it.</summary>
    public bool TryAdd(string id, long where, out long first)
    {
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));
        if (_seen.TryGetValue(key, out first))
        {
            return false;
        }

        if (_order.Count == capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        _seen.Add(key, where);
        _order.Enqueue(key);
        return true;
    }
}
