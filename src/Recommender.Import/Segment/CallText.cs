using Recommender.Data.Events;
using Recommender.Import.Text;

namespace Recommender.Import.Segment;

/// <summary>
/// A text field of a <see cref="SegmentCall"/>: where its bytes sit in the line when the JSON wrote it plainly (no
/// escapes), so that it reaches the events table without a string of its own; else the decoded text. Absent when
/// neither is set.
/// </summary>
internal readonly record struct CallText(Range? Bytes, string? Text)
{
    public bool IsPresent => Bytes.HasValue || Text is not null;

    /// <summary>The value for <see cref="EventRowGroup"/>: the line's bytes, or the text.</summary>
    public EventText In(ReadOnlySpan<byte> line) => Bytes is { } range ? EventText.FromUtf8(line[range]) : Text;

    /// <summary>The reason when the value, an id named <paramref name="field"/>, holds a control character (<see cref="ImportedId"/>), or null.</summary>
    public string? IdProblem(string field, ReadOnlySpan<byte> line) => Bytes is { } range ? ImportedId.Problem(field, line[range]) : ImportedId.Problem(field, Text);

    /// <summary>The value as a string (allocates when it is the line's bytes), or null when absent.</summary>
    public string? ToString(ReadOnlySpan<byte> line) => Bytes is { } range ? System.Text.Encoding.UTF8.GetString(line[range]) : Text;
}
