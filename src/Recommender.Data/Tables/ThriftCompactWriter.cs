using System.Buffers;
using System.Text;

namespace Recommender.Data.Tables;

/// <summary>
/// The part of Thrift's compact protocol a Parquet file's metadata needs (page headers, the footer): structs of
/// integer, binary, boolean, struct and list fields. Field ids are written as deltas from the previous field of the
/// same struct, integers as zigzag varints, as the protocol says; nothing is buffered beyond the target.
/// </summary>
internal sealed class ThriftCompactWriter(IBufferWriter<byte> output)
{
    private const byte BoolTrue = 1, BoolFalse = 2, I32 = 5, I64 = 6, Binary = 8, List = 9, Struct = 12;

    private readonly Stack<short> _outer = new();
    private short _last;

    /// <summary>Starts a struct (the outermost, or a field's value after <see cref="StructField"/>).</summary>
    public void BeginStruct()
    {
        _outer.Push(_last);
        _last = 0;
    }

    public void EndStruct()
    {
        WriteByte(0); // stop
        _last = _outer.Pop();
    }

    public void I32Field(short id, int value)
    {
        FieldHeader(id, I32);
        Varint(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldHeader(id, I64);
        Varint(ZigZag(value));
    }

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, Binary);
        BinaryValue(value);
    }

    public void StringField(short id, string value) => BinaryField(id, Encoding.UTF8.GetBytes(value));

    public void BoolField(short id, bool value) => FieldHeader(id, value ? BoolTrue : BoolFalse);

    /// <summary>A struct-valued field: follow with the struct's fields and <see cref="EndStruct"/>.</summary>
    public void StructField(short id)
    {
        FieldHeader(id, Struct);
        BeginStruct();
    }

    /// <summary>A list of <paramref name="count"/> structs: follow with each element's <see cref="BeginStruct"/> … <see cref="EndStruct"/>.</summary>
    public void StructListField(short id, int count) => ListField(id, count, Struct);

    public void I32ListField(short id, ReadOnlySpan<int> values)
    {
        ListField(id, values.Length, I32);
        foreach (var v in values)
        {
            Varint(ZigZag(v));
        }
    }

    public void StringListField(short id, IReadOnlyList<string> values)
    {
        ListField(id, values.Count, Binary);
        foreach (var v in values)
        {
            BinaryValue(Encoding.UTF8.GetBytes(v));
        }
    }

    private void ListField(short id, int count, byte elementType)
    {
        FieldHeader(id, List);
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | elementType));
            Varint((ulong)count);
        }
    }

    private void BinaryValue(ReadOnlySpan<byte> value)
    {
        Varint((ulong)value.Length);
        value.CopyTo(output.GetSpan(value.Length));
        output.Advance(value.Length);
    }

    private void FieldHeader(short id, byte type)
    {
        var delta = id - _last;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            WriteByte(type);
            Varint(ZigZag((int)id));
        }

        _last = id;
    }

    private static ulong ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void Varint(ulong value) => WriteVarint(output, value);

    /// <summary>An unsigned LEB128 varint, as Thrift's compact protocol and Parquet's RLE run headers both write them.</summary>
    internal static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
