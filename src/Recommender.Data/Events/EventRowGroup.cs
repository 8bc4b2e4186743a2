using System.Runtime.CompilerServices;
using Recommender.Core.Events;
using Recommender.Data.Tables;

namespace Recommender.Data.Events;

/// <summary>
/// Up to one row group of events held column by column, the way <see cref="EventParquetWriter"/> encodes them: texts
/// as slices of reused buffers (<see cref="EventText"/>), instants and values in arrays. Filled, written, cleared and
/// filled again, a batch of rows costs no object per event, so that a writer streams millions of events without the
/// garbage collector promoting a row group's worth of strings. (The importers fill <see cref="Utf8EventRows"/>, which
/// keeps their texts as UTF-8 for <see cref="EventFileWriter"/>.)
/// </summary>
public sealed class EventRowGroup
{
    private readonly EventTextColumn _eventIds, _userIds, _eventTypes, _messageIds, _properties;
    private DateTime[] _timestamps = [];
    private double?[] _values = [];

    public EventRowGroup(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _eventIds = new EventTextColumn();
        _userIds = new EventTextColumn();
        _eventTypes = new EventTextColumn();
        _messageIds = new EventTextColumn();
        _properties = new EventTextColumn();
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>
    /// The memory the rows' buffers hold now: what they grew to for the longest texts so far. Kept from row group to
    /// row group, so after the first few it is what a set of rows costs (a writer of many row groups can bound its heap from it).
    /// </summary>
    public long BufferBytes
    {
        get
        {
            var bytes = (_timestamps.Length * (long)sizeof(long)) + (_values.Length * (long)Unsafe.SizeOf<double?>());
            foreach (var column in (ReadOnlySpan<EventTextColumn>)[_eventIds, _userIds, _eventTypes, _messageIds, _properties])
            {
                bytes += column.BufferBytes;
            }

            return bytes;
        }
    }

    /// <summary>Adds one event; the contract's required texts must be non-empty (checked here, naming the event).</summary>
    /// <exception cref="ArgumentException">An event id, user id or event type is missing.</exception>
    /// <exception cref="InvalidOperationException">The rows are full.</exception>
    public void Add(EventText eventId, EventText userId, DateTime timestamp, string eventType, EventText messageId, double? value, EventText properties)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"The rows hold {Capacity} events already; write them and clear them first.");
        }

        // Nulls in required columns would fail deep inside the Parquet encoder; fail here with the event named.
        RequireText(eventId, EventColumns.EventId, eventId);
        RequireText(userId, EventColumns.UserId, eventId);
        RequireText(eventType, EventColumns.EventType, eventId);
        var row = Count;
        if (row == _timestamps.Length)
        {
            Grow();
        }

        _eventIds.Set(row, eventId);
        _userIds.Set(row, userId);
        _timestamps[row] = ParquetWriting.ToUtc(timestamp);
        _eventTypes.Set(row, eventType);
        _messageIds.Set(row, messageId);
        _values[row] = value;
        _properties.Set(row, properties);
        Count++;
    }

    /// <inheritdoc cref="Add(EventText, EventText, DateTime, string, EventText, double?, EventText)"/>
    public void Add(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Add(e.EventId, e.UserId, e.Timestamp, e.EventType, e.MessageId, e.Value, e.Properties);
    }

    /// <summary>Empties the rows for the next row group, keeping their buffers.</summary>
    public void Clear()
    {
        foreach (var column in (ReadOnlySpan<EventTextColumn>)[_eventIds, _userIds, _eventTypes, _messageIds, _properties])
        {
            column.Clear(Count);
        }

        Count = 0;
    }

    internal ReadOnlyMemory<ReadOnlyMemory<char>?> EventIds => _eventIds.Values(Count);

    internal ReadOnlyMemory<ReadOnlyMemory<char>?> UserIds => _userIds.Values(Count);

    internal ReadOnlyMemory<DateTime> Timestamps => _timestamps.AsMemory(0, Count);

    internal ReadOnlyMemory<ReadOnlyMemory<char>?> EventTypes => _eventTypes.Values(Count);

    internal ReadOnlyMemory<ReadOnlyMemory<char>?> MessageIds => _messageIds.Values(Count);

    internal ReadOnlyMemory<double?> Values => _values.AsMemory(0, Count);

    internal ReadOnlyMemory<ReadOnlyMemory<char>?> Properties => _properties.Values(Count);

    /// <summary>Rows take memory as they fill (a writer for a handful of events holds little), up to the capacity.</summary>
    private void Grow()
    {
        var rows = (int)Math.Min(Capacity, Math.Max(1_024, 2L * _timestamps.Length));
        foreach (var column in (ReadOnlySpan<EventTextColumn>)[_eventIds, _userIds, _eventTypes, _messageIds, _properties])
        {
            column.Grow(rows);
        }

        Array.Resize(ref _timestamps, rows);
        Array.Resize(ref _values, rows);
    }

    /// <summary>Refuses an empty required text, naming the event and the column (also for <see cref="Utf8EventRows"/>).</summary>
    internal static void RequireText(EventText value, string column, EventText eventId)
    {
        if (value.IsUtf8 ? value.Utf8.IsEmpty : string.IsNullOrEmpty(value.String))
        {
            throw new ArgumentException(
                $"Event \"{eventId.ToString()}\" has no {column}; the events table requires one on every row.", nameof(value));
        }
    }
}
