using System.Threading.Channels;
using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Import.Output;

/// <summary>
/// Writes imported events to <c>events.parquet</c> on a second thread, a row group at a time: the importer fills one
/// set of column buffers (<see cref="Utf8EventRows"/>) while the writer encodes the other, so parsing and Parquet encoding
/// use a core each. Two sets of rows circulate and no more, so memory stays bounded whatever the input's size, and a
/// slow disk slows the reader down rather than filling memory.
/// </summary>
internal sealed class EventSink : IAsyncDisposable
{
    private const int RowSets = 2;
    private readonly Channel<Utf8EventRows> _full = Channel.CreateBounded<Utf8EventRows>(new BoundedChannelOptions(RowSets) { SingleReader = true, SingleWriter = true });
    private readonly Channel<Utf8EventRows> _free = Channel.CreateBounded<Utf8EventRows>(new BoundedChannelOptions(RowSets) { SingleReader = true, SingleWriter = true });
    private readonly Task _writing;
    private readonly ImportHeapLimit? _heap;
    private Utf8EventRows? _rows;
    private readonly Utf8EventRows[] _sets = new Utf8EventRows[RowSets];
    private long _filled;

    // Set by CompleteAsync only: a sink disposed after a failure ends its queue too, and its file must not then be
    // completed into a table that looks whole.
    private volatile bool _complete;

    private EventSink(EventFileWriter writer, int rowGroupSize, ImportHeapLimit? heap, CancellationToken ct)
    {
        _heap = heap;
        _rows = _sets[0] = new Utf8EventRows(rowGroupSize);
        for (var i = 1; i < RowSets; i++)
        {
            _free.Writer.TryWrite(_sets[i] = new Utf8EventRows(rowGroupSize));
        }

        _writing = Task.Run(() => WriteAsync(writer, ct), ct);
    }

    /// <param name="heap">Told of each full row group, to bound the heap once the buffers have their size; null: no bound.</param>
    /// <remarks>
    /// The file is written by <see cref="EventFileWriter"/>, from the input's UTF-8 bytes, with Zstd's fastest level:
    /// compression is one of an import's largest costs, and on event logs level 1 costs much less CPU than level 3
    /// for a file of about the same size (docs/results.md, "<c>import segment</c>").
    /// </remarks>
    public static Task<EventSink> CreateAsync(string path, int rowGroupSize, ImportHeapLimit? heap, CancellationToken ct) =>
        Task.FromResult(new EventSink(EventFileWriter.Create(path), rowGroupSize, heap, ct));

    /// <summary>Queues one event (from the one importing thread); blocks while the writer is behind.</summary>
    public void Add(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Rows.Add(e.EventId, e.UserId, e.Timestamp, e.EventType, e.MessageId, e.Value, e.Properties);
        PostIfFull();
    }

    /// <summary>Queues one event given as its columns' values (see <see cref="Utf8EventRows.Add(EventText, EventText, DateTime, string, EventText, double?, EventText)"/>).</summary>
    public void Add(EventText eventId, EventText userId, DateTime timestamp, string eventType, EventText messageId, double? value, EventText properties)
    {
        Rows.Add(eventId, userId, timestamp, eventType, messageId, value, properties);
        PostIfFull();
    }

    /// <summary>
    /// Writes what is queued and closes the file; rethrows the writer's failure. The sink takes no more events
    /// afterwards and lets go of its column buffers, so that what the import does next (writing profiles) does not
    /// come on top of them.
    /// </summary>
    public async Task CompleteAsync()
    {
        if (_rows is { Count: > 0 })
        {
            Post();
        }

        _complete = true;
        _full.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        _rows = null;
        while (_free.Reader.TryRead(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _full.Writer.TryComplete();
        try
        {
            await _writing.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Disposing after a failure: the failure has been reported where it happened.
        }
    }

    /// <summary>What every set of rows' buffers hold (read here while the writer may be encoding one: it only reads them).</summary>
    private long BufferBytes => _sets.Sum(s => s.BufferBytes);

    private Utf8EventRows Rows => _rows ?? throw new InvalidOperationException("The events are complete: the sink takes no more.");

    private void PostIfFull()
    {
        if (_rows!.IsFull)
        {
            Post();
            _heap?.RowGroupFilled(++_filled, BufferBytes);
            _rows = NextFree();
        }
    }

    private void Post()
    {
        // Both channels hold every set of rows at once, so writing to one never waits.
        if (!_full.Writer.TryWrite(_rows!))
        {
            StoppedWriter();
        }
    }

    /// <summary>Rows the writer has written and cleared; waiting here, on the reader's own thread, is the back-pressure.</summary>
    private Utf8EventRows NextFree()
    {
        if (_free.Reader.TryRead(out var rows))
        {
            return rows;
        }

        if (!_free.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult() || !_free.Reader.TryRead(out rows))
        {
            StoppedWriter();
        }

        return rows!;
    }

    private void StoppedWriter()
    {
        _writing.GetAwaiter().GetResult();
        throw new InvalidOperationException("The events writer stopped.");
    }

    private async Task WriteAsync(EventFileWriter writer, CancellationToken ct)
    {
        using (writer)
        {
            try
            {
                await foreach (var rows in _full.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    writer.WriteRowGroup(rows);
                    rows.Clear();
                    _free.Writer.TryWrite(rows);
                }

                if (_complete)
                {
                    writer.Complete();
                }
            }
            catch
            {
                // Stop the reader's side too: nothing more can be written, and a reader waiting for rows wakes up.
                _full.Writer.TryComplete();
                _free.Writer.TryComplete();
                throw;
            }
        }
    }
}
