using System.Buffers;
using System.Text;

namespace Recommender.Core.Features.State;

/// <summary>LEB128 varints and length-prefixed UTF-8 strings: compact for the small counts and tick deltas of a state.</summary>
internal sealed class BinaryOutput
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public void Byte(byte value) => _buffer.Write([value]);

    public void VarUInt(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[n++] = (byte)value;
        _buffer.Write(bytes[..n]);
    }

    /// <summary>Non-negative values (counts, ticks, deltas of sorted ticks).</summary>
    public void VarLong(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        VarUInt((ulong)value);
    }

    /// <summary>A double as its 8 IEEE bytes, little-endian: exact, whatever the value.</summary>
    public void Double(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        VarLong(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}

/// <summary>Reads what <see cref="BinaryOutput"/> wrote; any overrun or malformed value is <see cref="InvalidDataException"/>.</summary>
internal ref struct BinaryInput(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly bool AtEnd => _position == _bytes.Length;

    public byte Byte()
    {
        if (_position >= _bytes.Length)
        {
            throw Truncated();
        }

        return _bytes[_position++];
    }

    public ulong VarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A user state holds a number longer than 64 bits; the bytes are corrupt.");
    }

    public long VarLong()
    {
        var value = VarUInt();
        return value <= long.MaxValue ? (long)value : throw new InvalidDataException("A user state holds a count out of range; the bytes are corrupt.");
    }

    /// <summary>A count used to size a collection: bounded by the bytes left, so corrupt input cannot ask for gigabytes.</summary>
    public int Count()
    {
        var value = VarLong();
        return value <= _bytes.Length - _position ? (int)value : throw Truncated();
    }

    public double Double()
    {
        if (_bytes.Length - _position < 8)
        {
            throw Truncated();
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(_bytes.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public string String()
    {
        var length = Count();
        var value = Encoding.UTF8.GetString(_bytes.Slice(_position, length));
        _position += length;
        return value;
    }

    private static InvalidDataException Truncated() => new("A user state ends early; the bytes are truncated or corrupt.");
}
