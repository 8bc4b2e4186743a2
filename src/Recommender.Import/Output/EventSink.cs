using System.Threading.Channels;
using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Import.Output;

/// <summary>
/// Writes imported events to <c>events.parquet</c> on a second thread: the importer hands over batches through a
/// bounded channel (a few batches in flight, so memory stays bounded and a slow disk slows the reader down rather
/// than filling memory) while the writer encodes row groups, so parsing and Parquet encoding use a core each.
/// </summary>
internal sealed class EventSink : IAsyncDisposable
{
    private const int BatchSize = 8_192;
    private readonly Channel<UserEvent[]> _batches = Channel.CreateBounded<UserEvent[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly Task _writing;
    private UserEvent[] _batch = new UserEvent[BatchSize];
    private int _count;

    private EventSink(EventParquetWriter writer, CancellationToken ct) => _writing = Task.Run(() => WriteAsync(writer, ct), ct);

    public static async Task<EventSink> CreateAsync(string path, int rowGroupSize, CancellationToken ct) =>
        new(await EventParquetWriter.CreateAsync(path, rowGroupSize, ct).ConfigureAwait(false), ct);

    /// <summary>Queues one event (from the one importing thread); blocks while the writer is behind.</summary>
    public void Add(UserEvent e)
    {
        _batch[_count++] = e;
        if (_count == BatchSize)
        {
            Post(_batch);
            _batch = new UserEvent[BatchSize];
            _count = 0;
        }
    }

    /// <summary>Writes what is queued and closes the file; rethrows the writer's failure.</summary>
    public async Task CompleteAsync()
    {
        if (_count > 0)
        {
            Post(_batch[.._count]);
            _count = 0;
        }

        _batches.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        try
        {
            await _writing.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Disposing after a failure: the failure has been reported where it happened.
        }
    }

    private void Post(UserEvent[] batch)
    {
        if (!_batches.Writer.TryWrite(batch))
        {
            // The reader runs on a thread of its own: waiting here is the back-pressure.
            if (!_batches.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult() || !_batches.Writer.TryWrite(batch))
            {
                _writing.GetAwaiter().GetResult();
                throw new InvalidOperationException("The events writer stopped.");
            }
        }
    }

    private async Task WriteAsync(EventParquetWriter writer, CancellationToken ct)
    {
        await using (writer.ConfigureAwait(false))
        {
            try
            {
                await foreach (var batch in _batches.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    foreach (var e in batch)
                    {
                        await writer.WriteAsync(e, ct).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                // Stop the reader's side too: nothing more can be written.
                _batches.Writer.TryComplete();
                throw;
            }
        }
    }
}
