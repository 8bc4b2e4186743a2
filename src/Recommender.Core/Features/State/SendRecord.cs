namespace Recommender.Core.Features.State;

/// <summary>One send inside the retention horizon.</summary>
internal readonly record struct SendRecord(long Ticks, MessageHistory Message)
{
    /// <summary>Time first, then message id: sends at the same instant get one order whatever their arrival order.</summary>
    public int CompareTo(SendRecord other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Message.Id, other.Message.Id);
    }
}
