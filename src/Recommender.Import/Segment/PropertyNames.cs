using System.Text;

namespace Recommender.Import.Segment;

/// <summary>
/// The <c>properties</c> members a mapping reads, as UTF-8, encoded once: <see cref="PropertyScan"/> compares each
/// member's name with them in place instead of making a string of every name it meets.
/// </summary>
internal sealed class PropertyNames(SegmentMapping mapping)
{
    /// <summary>In the mapping's order of preference.</summary>
    public byte[][] MessageIds { get; } = [.. mapping.MessageIdProperties.Select(Encoding.UTF8.GetBytes)];

    /// <summary>In the mapping's order of preference.</summary>
    public byte[][] Values { get; } = [.. mapping.ValueProperties.Select(Encoding.UTF8.GetBytes)];

    public byte[] TicketId { get; } = Encoding.UTF8.GetBytes(mapping.TicketIdProperty);
}
