using System.Text.Json;

namespace Recommender.Import.Segment;

/// <summary>
/// The fields of one Segment call an import uses, read from one line by <see cref="SegmentCallReader"/>: byte ranges
/// into the line for what is copied or read later (ids written plainly, timestamps, <c>properties</c>, <c>traits</c>),
/// strings for the rest. Reused from line to line, so reading a call allocates nothing in the common case.
/// </summary>
internal sealed class SegmentCall
{
    public SegmentCallType Type { get; set; }

    /// <summary>The <c>type</c> as written, when it is none the spec defines.</summary>
    public string? TypeText { get; set; }

    public string? Event { get; set; }

    public CallText UserId { get; set; }

    public CallText AnonymousId { get; set; }

    public CallText MessageId { get; set; }

    public Range? Timestamp { get; set; }

    public Range? OriginalTimestamp { get; set; }

    public Range? Properties { get; set; }

    /// <summary>What <c>properties</c> held when it was not an object (null when absent or an object).</summary>
    public JsonValueKind? PropertiesOther { get; set; }

    public Range? Traits { get; set; }

    public string? ContextTimezone { get; set; }

    public void Clear()
    {
        Type = SegmentCallType.Missing;
        TypeText = Event = ContextTimezone = null;
        UserId = AnonymousId = MessageId = default;
        Timestamp = OriginalTimestamp = Properties = Traits = null;
        PropertiesOther = null;
    }
}
