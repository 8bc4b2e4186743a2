namespace Recommender.Core.Features.State;

/// <summary>
/// Every send inside the retention horizon, across messages, in (time, message id) order: what the
/// per-category, per-channel and recent-reaction features scan. Older sends live on only in each
/// message's totals.
/// </summary>
internal sealed class SendLog
{
    private readonly SortedRun<SendRecord, SendOrder> _sends = new();

    public ReadOnlySpan<SendRecord> Items => _sends.Items;

    public void Add(SendRecord send, long boundary)
    {
        if (send.Ticks >= boundary)
        {
            _sends.Insert(send);
        }
    }

    /// <summary>Removes the send of <paramref name="message"/> at <paramref name="ticks"/>, with the channel it named; false when there is none.</summary>
    public bool Remove(long ticks, MessageHistory message, out string? channel)
    {
        channel = null;
        for (var i = LowerBound(ticks); i < _sends.Count && _sends[i].Ticks == ticks; i++)
        {
            if (ReferenceEquals(_sends[i].Message, message))
            {
                channel = _sends[i].Channel;
                _sends.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    public void Compact(long boundary) => _sends.RemoveFirst(LowerBound(boundary));

    /// <summary>Index of the first send at or after <paramref name="ticks"/>.</summary>
    public int LowerBound(long ticks) => _sends.LowerBound(ticks);

    private readonly struct SendOrder : IRunOrder<SendRecord>
    {
        public static long Ticks(in SendRecord item) => item.Ticks;

        public static int Compare(in SendRecord x, in SendRecord y) => x.CompareTo(y);
    }
}
