using System.Text;

namespace Recommender.Api.Decisions.Log;

/// <summary>
/// One text column of the row group being gathered, as UTF-8 in one growing buffer that is reused group after group.
/// </summary>
/// <remarks>
/// Why not a list of strings: a row group's rows wait minutes at low traffic and a second at high traffic, long enough
/// to be promoted through the garbage collector's generations; ten thousand rows of a few KB of JSON each, held as
/// strings, made the collector copy tens of MB per group and stalled requests (their latency and throughput under
/// load: docs/results.md, "API load"). Bytes in one long-lived array cost the
/// collector nothing; the strings Parquet.Net needs are made just before the group is written and die young.
/// </remarks>
internal sealed class Utf8Column
{
    private byte[] _bytes = new byte[4096];
    private readonly List<int> _ends = [];
    private readonly List<bool> _nulls = [];
    private int _length;

    public void Add(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        End(utf8.Length, isNull: false);
    }

    public void Add(string? text)
    {
        if (text is null)
        {
            End(0, isNull: true);
            return;
        }

        var written = Encoding.UTF8.GetBytes(text, Reserve(Encoding.UTF8.GetMaxByteCount(text.Length)));
        End(written, isNull: false);
    }

    public string?[] ToStrings()
    {
        var values = new string?[_ends.Count];
        var start = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var end = _ends[i];
            values[i] = _nulls[i] ? null : Encoding.UTF8.GetString(_bytes, start, end - start);
            start = end;
        }

        return values;
    }

    public void Clear()
    {
        _ends.Clear();
        _nulls.Clear();
        _length = 0;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        }

        return _bytes.AsSpan(_length, count);
    }

    private void End(int written, bool isNull)
    {
        _length += written;
        _ends.Add(_length);
        _nulls.Add(isNull);
    }
}
