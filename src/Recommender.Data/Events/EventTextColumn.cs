using System.Runtime.CompilerServices;
using System.Text;

namespace Recommender.Data.Events;

/// <summary>
/// One text column of <see cref="EventRowGroup"/>: each value a slice of memory, which is what Parquet.Net encodes a
/// string column from. A given string is referenced as it is; UTF-8 bytes are decoded into a character arena that
/// is reused from row group to row group, so a steady writer makes no object per value.
/// </summary>
internal sealed class EventTextColumn
{
    private ReadOnlyMemory<char>?[] _values = [];
    private char[] _arena = [];
    private int _used;

    /// <summary>Makes room for <paramref name="rows"/> values, keeping those set.</summary>
    public void Grow(int rows) => Array.Resize(ref _values, rows);

    /// <summary>The memory the column's buffers hold now (its values' slots and its character arena).</summary>
    public long BufferBytes => ((long)_values.Length * Unsafe.SizeOf<ReadOnlyMemory<char>?>()) + ((long)_arena.Length * sizeof(char));

    public ReadOnlyMemory<ReadOnlyMemory<char>?> Values(int count) => _values.AsMemory(0, count);

    public void Set(int row, EventText text)
    {
        if (!text.IsUtf8)
        {
            _values[row] = text.String?.AsMemory();
            return;
        }

        // Decoding never makes more characters than there are bytes (an invalid byte becomes one U+FFFD).
        var bytes = text.Utf8;
        if (_arena.Length - _used < bytes.Length)
        {
            // Earlier values keep the full arena alive through their slices until Clear; the next row group reuses
            // the larger one only.
            _arena = new char[Math.Max(Math.Max(_arena.Length * 2, 1 << 16), bytes.Length)];
            _used = 0;
        }

        var n = Encoding.UTF8.GetChars(bytes, _arena.AsSpan(_used));
        _values[row] = _arena.AsMemory(_used, n);
        _used += n;
    }

    /// <summary>Forgets every value (releasing the strings it referenced) and keeps the arena for the next rows.</summary>
    public void Clear(int count)
    {
        Array.Clear(_values, 0, count);
        _used = 0;
    }
}
