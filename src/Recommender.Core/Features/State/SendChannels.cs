namespace Recommender.Core.Features.State;

/// <summary>
/// The channel each of a message's sends inside the retention horizon went out on, for the sends whose
/// <c>message_sent</c> named one (the <c>channel</c> property): a send on another of the message's channel variants
/// counts on that channel. Sends without the property are not listed; they went out on the message's catalog channel.
/// </summary>
internal sealed class SendChannels
{
    private readonly SortedRun<Mark, MarkOrder> _marks = new();

    public ReadOnlySpan<Mark> Items => _marks.Items;

    public bool IsEmpty => _marks.Count == 0;

    public void Add(long ticks, string channel, long boundary)
    {
        if (ticks >= boundary)
        {
            _marks.Insert(new Mark(ticks, channel));
        }
    }

    /// <summary>The <paramref name="occurrence"/>-th channel named at <paramref name="ticks"/> (0 first), or null.</summary>
    public string? At(long ticks, int occurrence = 0)
    {
        var i = _marks.LowerBound(ticks) + occurrence;
        return i < _marks.Count && _marks[i].Ticks == ticks ? _marks[i].Channel : null;
    }

    /// <summary>Removes the channel <paramref name="channel"/> named at <paramref name="ticks"/>; false when there is none.</summary>
    public bool Remove(long ticks, string channel)
    {
        for (var i = _marks.LowerBound(ticks); i < _marks.Count && _marks[i].Ticks == ticks; i++)
        {
            if (_marks[i].Channel == channel)
            {
                _marks.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    public void Compact(long boundary) => _marks.RemoveFirst(_marks.LowerBound(boundary));

    internal readonly record struct Mark(long Ticks, string Channel);

    private readonly struct MarkOrder : IRunOrder<Mark>
    {
        public static long Ticks(in Mark item) => item.Ticks;

        // Channel second: marks at the same instant get one order whatever their arrival order.
        public static int Compare(in Mark x, in Mark y)
        {
            var byTime = x.Ticks.CompareTo(y.Ticks);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Channel, y.Channel);
        }
    }
}
