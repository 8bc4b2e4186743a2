using System.Text;

namespace Recommender.Api.Planning;

/// <summary>
/// UTF-8 texts decoded into a list of fixed-size character buffers that are kept and reused after <see cref="Reset"/>:
/// what a plan file's decision column needs for one chunk at a time. A text goes whole into one segment (the next one
/// when it does not fit in what is left of the current one); a text longer than a segment gets an array of its own,
/// not kept.
/// </summary>
internal sealed class TextSegments
{
    /// <summary>
    /// Characters per segment: a few hundred decisions' texts, and few enough that the segment a chunk did not need is
    /// a small cost; 2 MB each, so they live on the large object heap with the pooled buffers of the Parquet writer.
    /// </summary>
    public const int SegmentChars = 1 << 20;

    private readonly List<char[]> _segments = [];
    private int _current;
    private int _used;

    /// <summary>Characters held in the kept segments.</summary>
    public long Capacity => (long)_segments.Count * SegmentChars;

    /// <summary>Makes every segment free again; the texts decoded before are overwritten from here on.</summary>
    public void Reset()
    {
        _current = 0;
        _used = 0;
    }

    /// <summary>Decodes <paramref name="utf8"/>; the text stays valid until the next <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> utf8)
    {
        var most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (most > SegmentChars)
        {
            return Encoding.UTF8.GetString(utf8).AsMemory();
        }

        if (_current < _segments.Count && SegmentChars - _used < most)
        {
            _current++;
            _used = 0;
        }

        if (_current == _segments.Count)
        {
            _segments.Add(new char[SegmentChars]);
        }

        var segment = _segments[_current];
        var chars = Encoding.UTF8.GetChars(utf8, segment.AsSpan(_used));
        var text = segment.AsMemory(_used, chars);
        _used += chars;
        return text;
    }
}
