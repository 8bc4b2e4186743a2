using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Recommender.Data.Tables;

namespace Recommender.Data.Events;

/// <summary>
/// Up to one row group of events held column by column as the UTF-8 bytes <see cref="EventFileWriter"/> writes them:
/// an importer's texts are copied from its input line once, with no string and no decoding, and the buffers are
/// reused from row group to row group. The counterpart of <see cref="EventRowGroup"/> for the importers' writer.
/// </summary>
public sealed class Utf8EventRows
{
    private readonly Utf8Column _eventIds = new(), _userIds = new(), _eventTypes = new(), _messageIds = new(), _properties = new();
    private long[] _micros = [];
    private double[] _values = [];
    private bool[] _hasValue = [];

    public Utf8EventRows(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The memory the rows' buffers hold now (what they grew to for the longest texts so far).</summary>
    public long BufferBytes =>
        ((long)_micros.Length * (sizeof(long) + sizeof(double) + sizeof(bool)))
        + _eventIds.BufferBytes + _userIds.BufferBytes + _eventTypes.BufferBytes + _messageIds.BufferBytes + _properties.BufferBytes;

    internal Utf8Column EventIds => _eventIds;

    internal Utf8Column UserIds => _userIds;

    internal Utf8Column EventTypes => _eventTypes;

    internal Utf8Column MessageIds => _messageIds;

    internal Utf8Column Properties => _properties;

    /// <summary>Microseconds since 1970-01-01 UTC, as the contract's timestamp column stores them.</summary>
    internal ReadOnlySpan<long> Micros => _micros.AsSpan(0, Count);

    internal ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    internal ReadOnlySpan<bool> HasValue => _hasValue.AsSpan(0, Count);

    /// <inheritdoc cref="EventRowGroup.Add(EventText, EventText, DateTime, string, EventText, double?, EventText)"/>
    public void Add(EventText eventId, EventText userId, DateTime timestamp, string eventType, EventText messageId, double? value, EventText properties)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"The rows hold {Capacity} events already; write them and clear them first.");
        }

        EventRowGroup.RequireText(eventId, EventColumns.EventId, eventId);
        EventRowGroup.RequireText(userId, EventColumns.UserId, eventId);
        EventRowGroup.RequireText(eventType, EventColumns.EventType, eventId);
        var row = Count;
        if (row == _micros.Length)
        {
            Grow();
        }

        _eventIds.Add(eventId);
        _userIds.Add(userId);
        _micros[row] = EventFileWriter.ToMicros(ParquetWriting.ToUtc(timestamp));
        _eventTypes.Add(eventType);
        _messageIds.Add(messageId);
        _values[row] = value ?? 0;
        _hasValue[row] = value.HasValue;
        _properties.Add(properties);
        Count++;
    }

    /// <summary>Empties the rows for the next row group, keeping their buffers.</summary>
    public void Clear()
    {
        foreach (var column in (ReadOnlySpan<Utf8Column>)[_eventIds, _userIds, _eventTypes, _messageIds, _properties])
        {
            column.Clear();
        }

        Count = 0;
    }

    private void Grow()
    {
        var rows = (int)Math.Min(Capacity, Math.Max(1_024, 2L * _micros.Length));
        Array.Resize(ref _micros, rows);
        Array.Resize(ref _values, rows);
        Array.Resize(ref _hasValue, rows);
    }
}

/// <summary>
/// One text column of <see cref="Utf8EventRows"/>: the values' UTF-8 bytes one after another, each value's length
/// beside them (−1 for a null). Bytes that are not UTF-8 are stored as the decoder would read them (each invalid
/// sequence as U+FFFD), so the file holds the same text as one written from strings.
/// </summary>
internal sealed class Utf8Column
{
    private byte[] _bytes = new byte[1 << 16];
    private int[] _lengths = new int[1_024];
    private readonly (string? Text, byte[]? Bytes)[] _encoded = new (string?, byte[]?)[16];
    private int _used;

    public int Count { get; private set; }

    public long BufferBytes => _bytes.Length + ((long)_lengths.Length * sizeof(int));

    /// <summary>The values' bytes, back to back (nulls take none).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _used);

    /// <summary>Each value's length in bytes, −1 for a null.</summary>
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    public void Add(EventText text)
    {
        if (Count == _lengths.Length)
        {
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }

        if (text.IsNull)
        {
            _lengths[Count++] = -1;
            return;
        }

        if (text.IsUtf8 && Utf8.IsValid(text.Utf8))
        {
            Append(text.Utf8);
        }
        else if (!text.IsUtf8 && Repeated(text.String!) is { } bytes)
        {
            Append(bytes);
        }
        else
        {
            // A string, or bytes to repair: encoding a string replaces lone surrogates, decoding bytes invalid sequences.
            var s = text.IsUtf8 ? Encoding.UTF8.GetString(text.Utf8) : text.String!;
            var need = Encoding.UTF8.GetMaxByteCount(s.Length);
            Reserve(need);
            var n = Encoding.UTF8.GetBytes(s, _bytes.AsSpan(_used));
            _used += n;
            _lengths[Count++] = n;
        }
    }

    public void Clear()
    {
        _used = 0;
        Count = 0;
    }

    /// <summary>
    /// The bytes of <paramref name="text"/> when the same string object came before: an event type is one of a few
    /// string objects repeated on every row, so its bytes are kept from its second row on rather than encoded again. A
    /// string seen once (a message id read from its line) is only noted, so unique strings cost no array.
    /// </summary>
    private byte[]? Repeated(string text)
    {
        ref var slot = ref _encoded[RuntimeHelpers.GetHashCode(text) & (_encoded.Length - 1)];
        if (!ReferenceEquals(slot.Text, text))
        {
            slot = (text, null);
            return null;
        }

        return slot.Bytes ??= Encoding.UTF8.GetBytes(text);
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(_bytes.AsSpan(_used));
        _used += value.Length;
        _lengths[Count++] = value.Length;
    }

    private void Reserve(int bytes)
    {
        if (_bytes.Length - _used < bytes)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, (long)_used + bytes)));
        }
    }
}
