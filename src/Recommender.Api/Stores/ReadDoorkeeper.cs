using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Recommender.Api.Stores;

/// <summary>
/// Remembers, approximately and in a fixed number of bits, which users were read recently, so that
/// <see cref="SqliteSnapshotCache"/> keeps a user only on the second read within a window: a user read once is not
/// worth the memory of a decoded state.
/// </summary>
/// <remarks>
/// <para>Why: with requests spread uniformly over many more users than the cache holds, keeping every miss filled the
/// cache with users who were not asked for again before it started over, and each start-over turned a cache's worth of
/// decoded states, promoted to the oldest generation meanwhile, into garbage at once: the full collections that
/// followed set the tail latency (docs/results.md, "A million users"). Users asked for repeatedly still reach the cache
/// after one extra read.</para>
/// <para>A Bloom filter with two bits per user: a false "seen" (rare at the size chosen) only admits a user one read
/// early. After <c>window</c> first sightings the filter starts over, which bounds its error as well as its memory. Bits
/// are set with atomic ORs and a start-over may race readers; either way a user is at worst admitted a read early or
/// late, and the cache's correctness never depends on admission.</para>
/// </remarks>
internal sealed class ReadDoorkeeper
{
    // 32 bits per remembered user with two hashes: a false "seen" about once in 270 at a full window.
    private const int BitsPerUser = 32;

    private readonly ulong[] _words;
    private readonly ulong _bitMask;
    private readonly int _window;
    private int _sightings;

    /// <param name="window">First sightings remembered before the filter starts over.</param>
    public ReadDoorkeeper(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var bits = Math.Max(64, (long)BitOperations.RoundUpToPowerOf2((uint)window) * BitsPerUser);
        _words = new ulong[bits / 64];
        _bitMask = (ulong)bits - 1;
        _window = window;
    }

    /// <summary>True when the user was read before within the window; otherwise remembers this read and answers false.</summary>
    public bool SeenBefore(string userId)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(userId.AsSpan()));
        var first = hash & _bitMask;
        var second = (hash >> 32 | hash << 32) * 0x9E3779B97F4A7C15UL & _bitMask;
        if (IsSet(first) && IsSet(second))
        {
            return true;
        }

        Set(first);
        Set(second);
        if (Interlocked.Increment(ref _sightings) >= _window)
        {
            Array.Clear(_words);
            Volatile.Write(ref _sightings, 0);
        }

        return false;
    }

    private bool IsSet(ulong bit) => (Volatile.Read(ref _words[bit >> 6]) & 1UL << (int)(bit & 63)) != 0;

    private void Set(ulong bit) => Interlocked.Or(ref _words[bit >> 6], 1UL << (int)(bit & 63));
}
