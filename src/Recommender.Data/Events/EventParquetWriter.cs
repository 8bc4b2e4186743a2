using Parquet;
using Recommender.Core.Events;
using Recommender.Data.Tables;

namespace Recommender.Data.Events;

/// <summary>
/// Writes an <c>events</c> Parquet file in the contract's column order, one row group per
/// <c>rowGroupSize</c> events, so that readers can stream it a row group at a time. Events come one at a time
/// (<see cref="WriteAsync(UserEvent, CancellationToken)"/>) or a row group at a time, already in columns
/// (<see cref="WriteRowGroupAsync"/>); both encode through the same path, so the same events give the same bytes. The
/// importers write through <see cref="EventFileWriter"/> instead, from their input's UTF-8 bytes; tests hold the two
/// writers to the same events. Dispose it to write the last row group and the file footer: an undisposed file is unreadable.
/// </summary>
public sealed class EventParquetWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly int _rowGroupSize;
    private readonly EventRowGroup _buffer;
    private bool _disposed;

    private EventParquetWriter(Stream stream, ParquetWriter writer, int rowGroupSize)
    {
        _stream = stream;
        _writer = writer;
        _rowGroupSize = rowGroupSize;
        _buffer = new EventRowGroup(rowGroupSize);
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
    /// <exception cref="ArgumentException">The event has no event id, user id or event type.</exception>
    public ValueTask WriteAsync(UserEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _buffer.Add(e);
        RowsWritten++;
        return _buffer.IsFull ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as one row group of their own (at most the writer's row group size; the last
    /// of a file may be smaller), after nothing buffered event by event. The rows may be cleared and refilled as
    /// soon as this returns.
    /// </summary>
    /// <exception cref="ArgumentException">The rows are more than a row group.</exception>
    /// <exception cref="InvalidOperationException">Events written one at a time are still buffered.</exception>
    public async Task WriteRowGroupAsync(EventRowGroup rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (rows.Count > _rowGroupSize)
        {
            throw new ArgumentException($"{rows.Count} rows are more than a row group of {_rowGroupSize}.", nameof(rows));
        }

        if (_buffer.Count > 0)
        {
            throw new InvalidOperationException("Events written one at a time are still buffered: a row group written now would reorder them.");
        }

        if (rows.Count == 0)
        {
            return;
        }

        await EncodeAsync(rows, ct).ConfigureAwait(false);
        RowsWritten += rows.Count;
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
        await EncodeAsync(_buffer, ct).ConfigureAwait(false);
        _buffer.Clear();
    }

    private async Task EncodeAsync(EventRowGroup rows, CancellationToken ct)
    {
        var fields = EventColumns.Schema.DataFields;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(fields[0], rows.EventIds, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[1], rows.UserIds, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[2], rows.Timestamps, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[3], rows.EventTypes, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[4], rows.MessageIds, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[5], rows.Values, null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(fields[6], rows.Properties, null, null, ct).ConfigureAwait(false);
        group.CompleteValidate();
    }
}
