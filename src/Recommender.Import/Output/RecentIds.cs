using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Recommender.Import.Output;

/// <summary>
/// The last <c>capacity</c> event ids, to catch duplicate deliveries (an export's retries sit close together) in
/// bounded memory: a 128-bit hash of each id's UTF-8 bytes (a false duplicate needs a collision) and where it was first
/// seen. Hashing the bytes lets an importer check an id straight from its input line, and gives a string id the same
/// key. A repeat older than the window is written again, and the contract's readers apply it once and count it.
/// </summary>
/// <remarks>
/// Checked once per imported line, so it is built for that: the hashes sit in a ring in arrival order (the oldest is
/// the next to be overwritten) and an open-addressing table with linear probing points into the ring. Evicting an id
/// clears its slot by shifting later probes back, so no tombstones pile up and a lookup stays a probe or two; nothing
/// is allocated after construction. A dictionary and a queue did the same at twice the cost per line.
/// Each slot holds the low half of its hash beside the ring index: the slot's home and a first comparison come from
/// the table alone, so a probe past other ids, and the shifting when one is evicted, touch no ring entry (each of
/// which is a cache miss in a table this size); only a slot whose bits match is checked against the full hash.
/// Those misses remain the cost of a check: two per new id once the window is full, one at the id's home slot and one
/// at the home of the id it evicts. Both are fetched ahead where the CPU can (<see cref="Prefetch"/>, and the eviction
/// a few ids early), so that the lookup finds its slot in the cache instead of waiting for memory.
/// </remarks>
internal sealed class RecentIds
{
    /// <summary>Far above any useful window; keeps the table's size within an array.</summary>
    public const int MaxCapacity = 1 << 28;

    private readonly UInt128[] _ring;
    private readonly long[] _where;
    private readonly ulong[] _slots; // the hash's low 32 bits, then 1 + an index into the ring; 0 for an empty slot
    private readonly int _mask;
    private readonly int _lookAhead;
    private int _count;
    private int _next;

    public RecentIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _ring = new UInt128[capacity];
        _lookAhead = EvictionLookAhead % capacity;
        _where = new long[capacity];

        // At most half full: probe runs stay short.
        _slots = new ulong[SlotsFor(capacity)];
        _mask = _slots.Length - 1;
    }

    /// <summary>How many ids ahead an eviction's slot is fetched: far enough for memory to answer, near enough to stay cached.</summary>
    private const int EvictionLookAhead = 8;

    /// <summary>The memory a window of <paramref name="capacity"/> ids holds, allocated at once.</summary>
    public static long BytesFor(int capacity) => (capacity * (16L + 8L)) + (SlotsFor(capacity) * 8L);

    private static long SlotsFor(int capacity) => BitOperations.RoundUpToPowerOf2((uint)capacity * 2);

    /// <summary>False when <paramref name="id"/> is in the window (<paramref name="first"/> says where it was first seen); else adds it.</summary>
    public bool TryAdd(string id, long where, out long first)
    {
        ArgumentNullException.ThrowIfNull(id);
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

    /// <summary>
    /// A hint that <paramref name="utf8Id"/> will be checked soon: starts fetching its home slot, so that the parsing
    /// done in between hides the wait for memory. Changes nothing the window answers.
    /// </summary>
    public void Prefetch(ReadOnlySpan<byte> utf8Id) => PrefetchSlot(Home((uint)(ulong)XxHash128.HashToUInt128(utf8Id)));

    /// <inheritdoc cref="TryAdd(string, long, out long)"/>
    public bool TryAdd(ReadOnlySpan<byte> utf8Id, long where, out long first)
    {
        var key = XxHash128.HashToUInt128(utf8Id);
        var low = (uint)(ulong)key;
        if (_count == _ring.Length)
        {
            // The id evicted a few checks from now is known already: its slot arrives while those checks run.
            var ahead = _next + _lookAhead;
            PrefetchSlot(Home((uint)(ulong)_ring[ahead < _ring.Length ? ahead : ahead - _ring.Length]));
        }

        var slot = Home(low);
        while (_slots[slot] != 0)
        {
            var entry = _slots[slot];
            if ((uint)(entry >> 32) == low)
            {
                var index = RingIndex(entry);
                if (_ring[index] == key)
                {
                    first = _where[index];
                    return false;
                }
            }

            slot = (slot + 1) & _mask;
        }

        if (_count == _ring.Length)
        {
            Remove(_next);
            slot = Home(low);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }
        }
        else
        {
            _count++;
        }

        _ring[_next] = key;
        _where[_next] = where;
        _slots[slot] = ((ulong)low << 32) | (uint)(_next + 1);
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        first = 0;
        return true;
    }

    private int Home(uint low) => (int)(low & (uint)_mask);

    /// <summary>A prefetch instruction where the CPU has one (a hint: the array may move, and nothing is read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchSlot(int slot)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[slot]));
        }
    }

    private static int RingIndex(ulong entry) => (int)(uint)entry - 1;

    /// <summary>Empties the slot of the ring's entry <paramref name="index"/>, moving later entries of its probe run back.</summary>
    private void Remove(int index)
    {
        var hole = Home((uint)(ulong)_ring[index]);
        while (RingIndex(_slots[hole]) != index)
        {
            hole = (hole + 1) & _mask;
        }

        var next = hole;
        while (true)
        {
            next = (next + 1) & _mask;
            var entry = _slots[next];
            if (entry == 0)
            {
                break;
            }

            // An entry may move back into the hole only if its home is not inside (hole, next]: else the move would
            // put it before its home, where a lookup never looks.
            var home = Home((uint)(entry >> 32));
            var homeInside = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeInside)
            {
                _slots[hole] = entry;
                hole = next;
            }
        }

        _slots[hole] = 0;
    }
}
