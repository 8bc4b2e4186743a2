using Parquet;
using Recommender.Core.Events;
using Recommender.Data.Tables;

namespace Recommender.Data.Events;

/// <summary>
/// Writes an <c>events</c> Parquet file in the contract's column order, one row group per
/// <c>rowGroupSize</c> events, so that readers can stream it a row group at a time.
/// Dispose it to write the last row group and the file footer: an undisposed file is unreadable.
/// </summary>
public sealed class EventParquetWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly int _rowGroupSize;
    private readonly List<UserEvent> _buffer;
    private bool _disposed;

    private EventParquetWriter(Stream stream, ParquetWriter writer, int rowGroupSize)
    {
        _stream = stream;
        _writer = writer;
        _rowGroupSize = rowGroupSize;
        _buffer = new List<UserEvent>(Math.Min(rowGroupSize, 100_000));
    }

    /// <summary>Events written so far, including those still buffered for the current row group.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>.</summary>
    public static async Task<EventParquetWriter> CreateAsync(
        string path, int rowGroupSize = 100_000, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);

        var stream = File.Create(path);
        try
        {
            var writer = await ParquetWriter.CreateAsync(EventColumns.Schema, stream, ParquetWriting.Options, append: false, ct)
                .ConfigureAwait(false);
            return new EventParquetWriter(stream, writer, rowGroupSize);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Buffers one event; writes a row group when the buffer is full.</summary>
    public ValueTask WriteAsync(UserEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Nulls in required columns would fail deep inside the Parquet encoder; fail here with the event named.
        RequireText(e.EventId, EventColumns.EventId, e);
        RequireText(e.UserId, EventColumns.UserId, e);
        RequireText(e.EventType, EventColumns.EventType, e);

        _buffer.Add(e);
        RowsWritten++;
        return _buffer.Count >= _rowGroupSize ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;
    }

    public async Task WriteAsync(IEnumerable<UserEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            await WriteAsync(e, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_buffer.Count > 0)
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var rows = _buffer.Count;
        var eventIds = new string[rows];
        var userIds = new string[rows];
        var timestamps = new DateTime[rows];
        var eventTypes = new string[rows];
        var messageIds = new string?[rows];
        var values = new double?[rows];
        var properties = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            var e = _buffer[i];
            eventIds[i] = e.EventId;
            userIds[i] = e.UserId;
            timestamps[i] = ParquetWriting.ToUtc(e.Timestamp);
            eventTypes[i] = e.EventType;
            messageIds[i] = e.MessageId;
            values[i] = e.Value;
            properties[i] = e.Properties;
        }

        _buffer.Clear();
        var fields = EventColumns.Schema.DataFields;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(fields[0], eventIds).ConfigureAwait(false);
        await group.WriteAsync(fields[1], userIds).ConfigureAwait(false);
        await group.WriteAsync<DateTime>(fields[2], timestamps.AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[3], eventTypes).ConfigureAwait(false);
        await group.WriteAsync(fields[4], messageIds!).ConfigureAwait(false);
        await group.WriteAsync<double>(fields[5], values.AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[6], properties!).ConfigureAwait(false);
        group.CompleteValidate();
    }

    private static void RequireText(string? value, string column, UserEvent e)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException(
                $"Event \"{e.EventId}\" has no {column}; the events table requires one on every row.", nameof(e));
        }
    }
}
