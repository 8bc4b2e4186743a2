namespace Recommender.Core.Features.State;

/// <summary>
/// The instants of one kind of event: exact, sorted ticks inside the retention horizon, and for everything
/// older only a count and the first and last instant. Every window a feature asks about lies inside the
/// horizon, so this answers windowed counts and first/last exactly while its size stays bounded by the
/// events of the horizon, not of the whole history.
/// </summary>
internal sealed class TimeSeries
{
    private readonly SortedRun<long, TickOrder> _recent = new();

    /// <summary>Events folded into the totals because they are older than the compaction boundary.</summary>
    public long CompactedCount { get; private set; }

    /// <summary>Earliest compacted instant (ticks); meaningful only when <see cref="CompactedCount"/> &gt; 0.</summary>
    public long CompactedFirst { get; private set; } = long.MaxValue;

    /// <summary>Latest compacted instant (ticks); meaningful only when <see cref="CompactedCount"/> &gt; 0.</summary>
    public long CompactedLast { get; private set; } = long.MinValue;

    /// <summary>Exact instants kept, all at or after the compaction boundary.</summary>
    public int RecentCount => _recent.Count;

    public bool IsEmpty => CompactedCount == 0 && _recent.Count == 0;

    public ReadOnlySpan<long> Recent => _recent.Items;

    /// <summary>
    /// Adds one instant. Instants older than <paramref name="boundary"/> only touch the totals; the others go
    /// into their sorted place, so late arrivals inside the horizon give the same series as in-order ones.
    /// </summary>
    public void Add(long ticks, long boundary)
    {
        if (ticks < boundary)
        {
            AddCompacted(1, ticks, ticks);
            return;
        }

        _recent.Insert(ticks);
    }

    /// <summary>Removes one exact instant equal to <paramref name="ticks"/>; false when there is none.</summary>
    public bool Remove(long ticks)
    {
        var i = LowerBound(ticks);
        if (i >= _recent.Count || _recent[i] != ticks)
        {
            return false;
        }

        _recent.RemoveAt(i);
        return true;
    }

    /// <summary>Moves every exact instant before <paramref name="boundary"/> into the totals.</summary>
    public void Compact(long boundary)
    {
        var n = LowerBound(boundary);
        if (n == 0)
        {
            return;
        }

        AddCompacted(n, _recent[0], _recent[n - 1]);
        _recent.RemoveFirst(n);
    }

    /// <summary>Events in [<paramref name="from"/>, <paramref name="to"/>); both bounds must be at or after the compaction boundary.</summary>
    public int CountBetween(long from, long to) => to <= from ? 0 : LowerBound(to) - LowerBound(from);

    /// <summary>All events strictly before <paramref name="asOf"/>, compacted ones included.</summary>
    public long CountBefore(long asOf) => CompactedCount + LowerBound(asOf);

    public bool TryGetFirstBefore(long asOf, out long ticks)
    {
        if (CompactedCount > 0)
        {
            ticks = CompactedFirst;
            return true;
        }

        ticks = _recent.Count > 0 ? _recent[0] : 0;
        return _recent.Count > 0 && ticks < asOf;
    }

    public bool TryGetLastBefore(long asOf, out long ticks)
    {
        var i = LowerBound(asOf);
        if (i > 0)
        {
            ticks = _recent[i - 1];
            return true;
        }

        ticks = CompactedCount > 0 ? CompactedLast : 0;
        return CompactedCount > 0;
    }

    /// <summary>First exact instant strictly after <paramref name="ticks"/>, or <see cref="long.MaxValue"/>.</summary>
    public long NextAfter(long ticks)
    {
        var i = UpperBound(ticks);
        return i < _recent.Count ? _recent[i] : long.MaxValue;
    }

    /// <summary>Restores the compacted totals (deserialisation).</summary>
    public void AddCompacted(long count, long first, long last)
    {
        if (count <= 0)
        {
            return;
        }

        CompactedCount += count;
        CompactedFirst = Math.Min(CompactedFirst, first);
        CompactedLast = Math.Max(CompactedLast, last);
    }

    /// <summary>Index of the first instant &gt;= <paramref name="ticks"/>.</summary>
    public int LowerBound(long ticks) => _recent.LowerBound(ticks);

    /// <summary>Index of the first instant &gt; <paramref name="ticks"/>.</summary>
    public int UpperBound(long ticks) => _recent.UpperBound(ticks);

    private readonly struct TickOrder : IRunOrder<long>
    {
        public static long Ticks(in long item) => item;

        public static int Compare(in long x, in long y) => x.CompareTo(y);
    }
}
