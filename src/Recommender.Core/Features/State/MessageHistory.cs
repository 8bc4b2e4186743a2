namespace Recommender.Core.Features.State;

/// <summary>Sends of one message to one user and the reactions to them.</summary>
internal sealed class MessageHistory(string id)
{
    public string Id { get; } = id;

    public TimeSeries Sends { get; } = new();

    /// <summary>The channel variants the sends named (see <see cref="SendChannels"/>).</summary>
    public SendChannels Channels { get; } = new();

    public TimeSeries Opens { get; } = new();

    public TimeSeries Clicks { get; } = new();

    /// <summary>
    /// Whether the send at <paramref name="sendTicks"/> had been opened (or clicked) before <paramref name="asOf"/>.
    /// A reaction belongs to the latest send of the same message at or before it; it is decided from the
    /// instants alone, so the order in which sends and reactions arrived does not matter.
    /// </summary>
    public bool ReactedBefore(TimeSeries reactions, long sendTicks, long asOf)
    {
        var end = Math.Min(Sends.NextAfter(sendTicks), asOf);
        return reactions.CountBetween(sendTicks, end) > 0;
    }

    public void Compact(long boundary)
    {
        Sends.Compact(boundary);
        Channels.Compact(boundary);
        Opens.Compact(boundary);
        Clicks.Compact(boundary);
    }
}
