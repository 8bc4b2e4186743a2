namespace Recommender.Core.Features.State;

/// <summary>
/// Every send inside the retention horizon, across messages, in (time, message id) order: what the
/// per-category, per-channel and recent-reaction features scan. Older sends live on only in each
/// message's totals.
/// </summary>
internal sealed class SendLog
{
    private SendRecord[] _items = [];
    private int _count;

    public ReadOnlySpan<SendRecord> Items => _items.AsSpan(0, _count);

    public void Add(SendRecord send, long boundary)
    {
        if (send.Ticks < boundary)
        {
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }

        var at = _count;
        while (at > 0 && _items[at - 1].CompareTo(send) > 0)
        {
            at--;
        }

        if (at < _count)
        {
            Array.Copy(_items, at, _items, at + 1, _count - at);
        }

        _items[at] = send;
        _count++;
    }

    public void Compact(long boundary)
    {
        var n = LowerBound(boundary);
        if (n == 0)
        {
            return;
        }

        Array.Copy(_items, n, _items, 0, _count - n);
        Array.Clear(_items, _count - n, n);
        _count -= n;
    }

    /// <summary>Index of the first send at or after <paramref name="ticks"/>.</summary>
    public int LowerBound(long ticks)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Ticks < ticks)
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
