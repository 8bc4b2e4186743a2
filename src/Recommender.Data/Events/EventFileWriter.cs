using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Parquet.Schema;
using Recommender.Data.Tables;
using ZstdSharp;

namespace Recommender.Data.Events;

/// <summary>
/// Writes <c>events.parquet</c> from <see cref="Utf8EventRows"/>: the contract's schema (<see cref="EventColumns.Schema"/>,
/// the same columns, types, repetitions and logical types as <see cref="EventParquetWriter"/> writes), one PLAIN data
/// page per column and row group, Zstd level 1, the footer in Thrift's compact protocol. Any Parquet reader reads it.
/// </summary>
/// <remarks>
/// Why a writer of our own for imports: Parquet.Net encodes strings from UTF-16, so an importer decoded every text of
/// its input to UTF-16 only for the encoder to encode it back, computed string statistics nobody reads, and allocated
/// per value; those were a fifth of an import's CPU (docs/results.md, "<c>import segment</c>"). Here the input's bytes
/// are copied once into the page. Everything else in the product still writes events through
/// <see cref="EventParquetWriter"/>; tests hold the two to the same content.
/// </remarks>
public sealed class EventFileWriter : IDisposable
{
    private const int CompressionLevel = 1;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _stream;
    private readonly string _path;
    private readonly string _partial;
    private readonly Compressor _zstd = new(CompressionLevel);
    private readonly List<RowGroupMeta> _rowGroups = [];
    private readonly ArrayBufferWriter<byte> _page = new(1 << 20);
    private readonly ArrayBufferWriter<byte> _header = new(256);
    private byte[] _compressed = new byte[1 << 20];
    private long _position;
    private bool _completed;

    private EventFileWriter(string path, string partial)
    {
        _path = path;
        _partial = partial;
        _stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(Magic);
    }

    /// <summary>Events written so far.</summary>
    public long RowsWritten => _rowGroups.Sum(g => g.Rows);

    /// <summary>
    /// Writes the file at <paramref name="path"/>: into <c>PATH.partial</c> until <see cref="Complete"/> moves it into
    /// place (replacing a file there), so that a write that fails part way leaves whatever was at the path before, and
    /// no file that looks like a table but is none.
    /// </summary>
    public static EventFileWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new EventFileWriter(path, path + ".partial");
    }

    /// <summary>The contract's timestamp: microseconds since 1970-01-01 UTC (sub-microsecond ticks truncated, as <see cref="EventParquetWriter"/> does).</summary>
    public static long ToMicros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Writes <paramref name="rows"/> as one row group (nothing for no rows).</summary>
    public void WriteRowGroup(Utf8EventRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (rows.Count == 0)
        {
            return;
        }

        var start = _position;
        var columns = new ColumnMeta[EventColumns.Schema.DataFields.Length];
        columns[0] = WriteText(EventColumns.EventId, rows.EventIds, optional: false);
        columns[1] = WriteText(EventColumns.UserId, rows.UserIds, optional: false);
        columns[2] = WriteTimestamps(rows.Micros);
        columns[3] = WriteText(EventColumns.EventType, rows.EventTypes, optional: false);
        columns[4] = WriteText(EventColumns.MessageId, rows.MessageIds, optional: true);
        columns[5] = WriteValues(rows.Values, rows.HasValue);
        columns[6] = WriteText(EventColumns.Properties, rows.Properties, optional: true);
        _rowGroups.Add(new RowGroupMeta(columns, rows.Count, start, _position - start));
    }

    /// <summary>Writes the footer and closes the file: an uncompleted file is unreadable.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _header.Clear();
        WriteFooter(new ThriftCompactWriter(_header));
        Write(_header.WrittenSpan);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, _header.WrittenCount);
        Write(length);
        Write(Magic);
        _stream.Flush();
        _stream.Dispose();
        File.Move(_partial, _path, overwrite: true);
        // Only now: a footer that could not be written (a full disk) leaves the partial file to Dispose to delete.
        _completed = true;
    }

    /// <summary>Closes the file; without <see cref="Complete"/> first, what was written is deleted and the path left as it was.</summary>
    public void Dispose()
    {
        _zstd.Dispose();
        if (!_completed)
        {
            _completed = true;
            try
            {
                // Closing flushes what is buffered, which fails again on the full disk that stopped the writing.
                _stream.Dispose();
            }
            catch (IOException)
            {
                // The file is discarded next; what failed was reported where it happened.
            }
            finally
            {
                // Even when closing failed: a full disk must not keep the partial file that filled it.
                File.Delete(_partial);
            }
        }
    }

    private ColumnMeta WriteText(string name, Utf8Column column, bool optional)
    {
        _page.Clear();
        var lengths = column.Lengths;
        var nulls = optional ? WriteLevels(lengths) : 0;
        var bytes = column.Bytes;
        var offset = 0;
        foreach (var length in lengths)
        {
            if (length < 0)
            {
                continue;
            }

            var span = _page.GetSpan(4 + length);
            BinaryPrimitives.WriteInt32LittleEndian(span, length);
            bytes.Slice(offset, length).CopyTo(span[4..]);
            _page.Advance(4 + length);
            offset += length;
        }

        return WritePage(name, ParquetType.ByteArray, lengths.Length, nulls, null);
    }

    private ColumnMeta WriteTimestamps(ReadOnlySpan<long> micros)
    {
        _page.Clear();
        var span = _page.GetSpan(micros.Length * sizeof(long));
        var (min, max) = (long.MaxValue, long.MinValue);
        for (var i = 0; i < micros.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(i * sizeof(long))..], micros[i]);
            (min, max) = (Math.Min(min, micros[i]), Math.Max(max, micros[i]));
        }

        _page.Advance(micros.Length * sizeof(long));
        return WritePage(EventColumns.Timestamp, ParquetType.Int64, micros.Length, 0, (min, max));
    }

    private ColumnMeta WriteValues(ReadOnlySpan<double> values, ReadOnlySpan<bool> present)
    {
        _page.Clear();
        var nulls = WriteLevels(present);
        for (var i = 0; i < values.Length; i++)
        {
            if (present[i])
            {
                BinaryPrimitives.WriteDoubleLittleEndian(_page.GetSpan(sizeof(double)), values[i]);
                _page.Advance(sizeof(double));
            }
        }

        return WritePage(EventColumns.Value, ParquetType.Double, values.Length, nulls, null);
    }

    /// <summary>Definition levels (1 present, 0 null) as a length-prefixed RLE run per stretch of equal levels; returns the nulls.</summary>
    private int WriteLevels(ReadOnlySpan<int> lengths)
    {
        Span<bool> present = lengths.Length <= 4096 ? stackalloc bool[lengths.Length] : new bool[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            present[i] = lengths[i] >= 0;
        }

        return WriteLevels(present);
    }

    private int WriteLevels(ReadOnlySpan<bool> present)
    {
        var prefix = _page.WrittenCount;
        _page.GetSpan(4);
        _page.Advance(4); // the levels' byte length, filled in below
        var nulls = 0;
        for (var i = 0; i < present.Length;)
        {
            var run = 1;
            while (i + run < present.Length && present[i + run] == present[i])
            {
                run++;
            }

            nulls += present[i] ? 0 : run;
            ThriftCompactWriter.WriteVarint(_page, (ulong)run << 1); // an RLE run: its length, then the level in one byte (bit width 1)
            _page.GetSpan(1)[0] = present[i] ? (byte)1 : (byte)0;
            _page.Advance(1);
            i += run;
        }

        var levelsLength = _page.WrittenCount - prefix - 4;
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(_page.WrittenMemory).Span.Slice(prefix, 4), levelsLength);
        return nulls;
    }

    /// <summary>Compresses the page built in <see cref="_page"/> and writes it with its header: the column's chunk in this row group.</summary>
    private ColumnMeta WritePage(string name, int type, int values, int nulls, (long Min, long Max)? range)
    {
        var raw = _page.WrittenSpan;
        var bound = Compressor.GetCompressBound(raw.Length);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[Math.Max(bound, 2 * _compressed.Length)];
        }

        var compressedLength = _zstd.Wrap(raw, _compressed);

        _header.Clear();
        var thrift = new ThriftCompactWriter(_header);
        thrift.BeginStruct();
        thrift.I32Field(1, 0); // DATA_PAGE
        thrift.I32Field(2, raw.Length);
        thrift.I32Field(3, compressedLength);
        thrift.StructField(5);
        thrift.I32Field(1, values);
        thrift.I32Field(2, Encodings.Plain);
        thrift.I32Field(3, Encodings.Rle);
        thrift.I32Field(4, Encodings.Rle);
        thrift.EndStruct();
        thrift.EndStruct();

        var offset = _position;
        Write(_header.WrittenSpan);
        Write(_compressed.AsSpan(0, compressedLength));
        return new ColumnMeta(name, type, values, nulls, offset,
            _header.WrittenCount + (long)raw.Length, _header.WrittenCount + (long)compressedLength, range);
    }

    private void WriteFooter(ThriftCompactWriter t)
    {
        t.BeginStruct();
        t.I32Field(1, 1); // version
        var fields = EventColumns.Schema.DataFields;
        t.StructListField(2, 1 + fields.Length);
        t.BeginStruct();
        t.StringField(4, "root");
        t.I32Field(5, fields.Length);
        t.EndStruct();
        foreach (var field in fields)
        {
            SchemaElement(t, field);
        }

        t.I64Field(3, RowsWritten);
        Span<byte> bytes = stackalloc byte[8];
        t.StructListField(4, _rowGroups.Count);
        foreach (var group in _rowGroups)
        {
            t.BeginStruct();
            t.StructListField(1, group.Columns.Length);
            foreach (var c in group.Columns)
            {
                t.BeginStruct();
                t.I64Field(2, c.Offset);
                t.StructField(3);
                t.I32Field(1, c.Type);
                t.I32ListField(2, [Encodings.Plain, Encodings.Rle]);
                t.StringListField(3, [c.Name]);
                t.I32Field(4, 6); // ZSTD
                t.I64Field(5, c.Values);
                t.I64Field(6, c.Uncompressed);
                t.I64Field(7, c.Compressed);
                t.I64Field(9, c.Offset);
                t.StructField(12); // statistics
                t.I64Field(3, c.Nulls);
                if (c.Range is { } range && c.Values > 0)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, range.Max);
                    t.BinaryField(5, bytes);
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, range.Min);
                    t.BinaryField(6, bytes);
                }

                t.EndStruct();
                t.EndStruct();
                t.EndStruct();
            }

            t.I64Field(2, group.Columns.Sum(c => c.Uncompressed));
            t.I64Field(3, group.Rows);
            t.I64Field(5, group.Offset);
            t.I64Field(6, group.Length);
            t.EndStruct();
        }

        t.StringField(6, "Recommender events writer (Parquet format 2)");
        t.StructListField(7, fields.Length);
        for (var i = 0; i < fields.Length; i++)
        {
            t.BeginStruct();
            t.StructField(1); // TYPE_ORDER: min and max compare as the logical type says
            t.EndStruct();
            t.EndStruct();
        }

        t.EndStruct();
    }

    /// <summary>A column of the contract's schema as Parquet's metadata declares it: the types this writer writes, nothing else.</summary>
    private static void SchemaElement(ThriftCompactWriter t, DataField field)
    {
        t.BeginStruct();
        t.I32Field(1, PhysicalType(field));
        t.I32Field(3, field.IsNullable ? Repetition.Optional : Repetition.Required);
        t.StringField(4, field.Name);
        if (IsText(field))
        {
            t.I32Field(6, 0); // converted type UTF8
            t.StructField(10); // logical type
            t.StructField(1); // STRING
            t.EndStruct();
            t.EndStruct();
        }
        else if (field is DateTimeDataField { IsAdjustedToUTC: true, Unit: DateTimeTimeUnit.Micros })
        {
            t.I32Field(6, 10); // converted type TIMESTAMP_MICROS
            t.StructField(10); // logical type
            t.StructField(8); // TIMESTAMP
            t.BoolField(1, true); // isAdjustedToUTC
            t.StructField(2); // unit
            t.StructField(2); // MICROS
            t.EndStruct();
            t.EndStruct();
            t.EndStruct();
            t.EndStruct();
        }

        t.EndStruct();
    }

    /// <summary>A string column (Parquet.Net 6 gives its string fields the CLR type of a slice of characters).</summary>
    private static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static int PhysicalType(DataField field) => field switch
    {
        _ when IsText(field) => ParquetType.ByteArray,
        DateTimeDataField { IsAdjustedToUTC: true, Unit: DateTimeTimeUnit.Micros } => ParquetType.Int64,
        _ when field.ClrType == typeof(double) => ParquetType.Double,
        _ => throw new NotSupportedException($"The events writer writes no column like {field.Name} ({field.ClrType.Name})."),
    };

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }

    private static class ParquetType
    {
        public const int Int64 = 2, Double = 5, ByteArray = 6;
    }

    private static class Repetition
    {
        public const int Required = 0, Optional = 1;
    }

    private static class Encodings
    {
        public const int Plain = 0, Rle = 3;
    }

    private sealed record ColumnMeta(string Name, int Type, long Values, long Nulls, long Offset, long Uncompressed, long Compressed, (long Min, long Max)? Range);

    private sealed record RowGroupMeta(ColumnMeta[] Columns, long Rows, long Offset, long Length);
}
