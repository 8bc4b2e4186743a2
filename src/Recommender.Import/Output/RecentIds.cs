using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Recommender.Import.Output;

/// <summary>
/// The last <c>capacity</c> event ids, to catch duplicate deliveries (an export's retries sit close together) in
/// bounded memory: a 128-bit hash of each id's UTF-8 bytes (a false duplicate needs a collision) and where it was first
/// seen. Hashing the bytes lets an importer check an id straight from its input line, and gives a string id the same
/// key. A repeat older than the window is written again, and the contract's readers apply it once and count it.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly Dictionary<UInt128, long> _seen = new(capacity);
    private readonly Queue<UInt128> _order = new(capacity);

    /// <summary>False when <paramref name="id"/> is in the window (<paramref name="first"/> says where it was first seen); else adds it.</summary>
    public bool TryAdd(string id, long where, out long first)
    {
        var length = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var n = Encoding.UTF8.GetBytes(id, bytes);
            return TryAdd(bytes[..n], where, out first);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <inheritdoc cref="TryAdd(string, long, out long)"/>
    public bool TryAdd(ReadOnlySpan<byte> utf8Id, long where, out long first)
    {
        var key = XxHash128.HashToUInt128(utf8Id);
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
