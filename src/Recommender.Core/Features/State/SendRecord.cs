namespace Recommender.Core.Features.State;

/// <summary>One send inside the retention horizon; <paramref name="Channel"/> is the channel its <c>message_sent</c> named, or null.</summary>
internal readonly record struct SendRecord(long Ticks, MessageHistory Message, string? Channel = null)
{
    /// <summary>Time first, then message id, then channel: sends at the same instant get one order whatever their arrival order.</summary>
    public int CompareTo(SendRecord other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byMessage = string.CompareOrdinal(Message.Id, other.Message.Id);
        return byMessage != 0 ? byMessage : string.CompareOrdinal(Channel, other.Channel);
    }
}
