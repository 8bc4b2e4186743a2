namespace Recommender.Core.Features.State;

/// <summary>How a <see cref="SortedRun{T, TOrder}"/> orders its items: by an instant, then by whatever breaks ties.</summary>
internal interface IRunOrder<T>
{
    static abstract long Ticks(in T item);

    static abstract int Compare(in T x, in T y);
}

/// <summary>
/// The exact, sorted part of a time series kept by the fold (<see cref="TimeSeries"/>, <see cref="SendLog"/>): items
/// in <typeparamref name="TOrder"/>'s order, inserted in place so that late arrivals give the same run as in-order
/// ones, searched by instant, and cut at a compaction boundary. The order is a struct type argument, so the JIT
/// specialises every search for it: the fold calls these millions of times.
/// </summary>
internal sealed class SortedRun<T, TOrder>
    where T : struct
    where TOrder : struct, IRunOrder<T>
{
    private T[] _items = [];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<T> Items => _items.AsSpan(0, _count);

    public T this[int index] => _items[index];

    /// <summary>Inserts after every item that does not order after it. Appending, the common case, costs one comparison.</summary>
    public void Insert(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }

        var at = _count == 0 || TOrder.Compare(_items[_count - 1], item) <= 0 ? _count : UpperBound(item);
        if (at < _count)
        {
            Array.Copy(_items, at, _items, at + 1, _count - at);
        }

        _items[at] = item;
        _count++;
    }

    /// <summary>Removes the first <paramref name="n"/> items (those before a compaction boundary), giving memory back when most is free.</summary>
    public void RemoveFirst(int n)
    {
        if (n <= 0)
        {
            return;
        }

        Array.Copy(_items, n, _items, 0, _count - n);
        Array.Clear(_items, _count - n, n);
        _count -= n;
        if (_items.Length > 16 && _count < _items.Length / 4)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }
    }

    /// <summary>Removes the item at <paramref name="index"/>, keeping the order of the others.</summary>
    public void RemoveAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        Array.Copy(_items, index + 1, _items, index, _count - index - 1);
        _items[--_count] = default;
    }

    /// <summary>Index of the first item at or after <paramref name="ticks"/>.</summary>
    public int LowerBound(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (TOrder.Ticks(_items[mid]) < ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of the first item strictly after <paramref name="ticks"/>.</summary>
    public int UpperBound(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (TOrder.Ticks(_items[mid]) <= ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int UpperBound(in T item)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (TOrder.Compare(_items[mid], item) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
