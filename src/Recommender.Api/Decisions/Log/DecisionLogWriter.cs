using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Parquet;
using Recommender.Api.Infrastructure;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Api.Decisions.Log;

/// <summary>
/// Appends every decision to Parquet files in the background: requests put the decision, already written as JSON for
/// its answer (<see cref="DecisionDocument"/>), on a bounded queue, one writer
/// drains it into row groups, and closes a file after <see cref="DecisionLogOptions.MaxRowsPerFile"/> rows or
/// <see cref="DecisionLogOptions.RollAfter"/>. Files are written as <c>.parquet.tmp</c> and renamed when complete, so a
/// reader never sees half a file. Stopping the host drains the queue and closes the file.
/// </summary>
/// <remarks>
/// What a crash (not a stop) loses: the decisions still queued and the rows of the file still open (a Parquet file is
/// readable only once its footer is written), so at most <see cref="DecisionLogOptions.RollAfter"/> or
/// <see cref="DecisionLogOptions.MaxRowsPerFile"/> of decisions, whichever is less. Sends are not lost with them: a
/// decision that sends is recorded in the state store before it is answered, and the caller's <c>message_sent</c>
/// carries the decision id and propensity into the events log that training reads.
/// </remarks>
public sealed class DecisionLogWriter : BackgroundService
{
    private readonly DecisionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ApiMetrics _metrics;
    private readonly ILogger<DecisionLogWriter> _logger;
    private readonly Channel<(DecisionDocument Decision, string? Channel)> _queue;
    private readonly DecisionLogGroup _group = new();
    private ParquetWriter? _writer;
    private Stream? _stream;
    private string? _tempPath;
    private long _rowsInFile;
    private DateTimeOffset _openedAt;
    private DateTimeOffset? _firstRowAt;
    private int _sequence;
    private long _rowsNotWritten;
    private string? _lastFailure;

    public DecisionLogWriter(IOptions<DecisionLogOptions> options, TimeProvider time, ApiMetrics metrics, ILogger<DecisionLogWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<(DecisionDocument, string?)>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// Why the writer stopped before it was asked to (a disk error it could not count away, running out of memory under a
    /// plan's heap limit), or null. Once set, the queue is closed: decisions appended since are counted as not logged
    /// rather than waited on, so no caller blocks forever on a writer that will never drain the queue.
    /// </summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Decisions the writer could not write and went on without (a disk error on one row group): a server counts them in
    /// its metrics and keeps answering, while a plan, whose log must hold every decision of its file, stops on them.
    /// </summary>
    public long RowsNotWritten => Interlocked.Read(ref _rowsNotWritten);

    /// <summary>Why the latest row group could not be written, or null when it was (or none was yet).</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Queues a decision; waits only when the queue is full.</summary>
    public ValueTask AppendAsync(DecisionDocument decision, string? channel, CancellationToken ct)
    {
        if (!_options.Enabled)
        {
            return ValueTask.CompletedTask;
        }

        ArgumentNullException.ThrowIfNull(decision);
        var entry = (decision, channel);
        return _queue.Writer.TryWrite(entry) ? ValueTask.CompletedTask : WaitAndAppendAsync(entry, ct);
    }

    private async ValueTask WaitAndAppendAsync((DecisionDocument, string?) entry, CancellationToken ct)
    {
        try
        {
            await _queue.Writer.WriteAsync(entry, ct);
        }
        catch (ChannelClosedException)
        {
            // Shutting down: the answer is already decided; count the row rather than fail the request.
            _metrics.DecisionLogFailed(1);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking rows, let the loop drain what is queued, then close the file.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            await WriteQueuedAsync();
        }
        catch (Exception e)
        {
            Failure = e;
            _queue.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task WriteQueuedAsync()
    {
        Directory.CreateDirectory(_options.Folder);
        var reader = _queue.Reader;
        // The loop ends when the queue is completed and empty (at shutdown), not on the stopping token: rows in
        // the queue are decisions already answered and must reach the log.
        while (true)
        {
            // With no rows waiting and no file open there is nothing to roll: wait for rows without a deadline.
            var roll = _firstRowAt is not { } since ? Timeout.InfiniteTimeSpan : Max(TimeSpan.Zero, _options.RollAfter - (_time.GetUtcNow() - since));
            bool more;
            using (var timeout = new CancellationTokenSource(roll, _time))
            {
                try
                {
                    more = await reader.WaitToReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    await FlushAndCloseAsync();
                    continue;
                }
            }

            if (!more)
            {
                break;
            }

            // Rows wait in memory until a row group is full (or the file rolls): a file is readable only once it is
            // closed, so writing smaller groups sooner would keep nothing safer, and a group per wake-up (a few rows
            // each under steady traffic) cost more CPU per row than the decisions themselves and made files of tiny groups.
            while (reader.TryRead(out var entry))
            {
                _firstRowAt ??= _time.GetUtcNow();
                _group.Add(entry.Decision, entry.Channel);
                if (_group.Count >= _options.RowGroupSize || _rowsInFile + _group.Count >= _options.MaxRowsPerFile)
                {
                    await WriteGroupAsync();
                }
            }
        }

        await FlushAndCloseAsync();
    }

    private async Task FlushAndCloseAsync()
    {
        await WriteGroupAsync();
        await CloseFileAsync();
        _firstRowAt = null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task WriteGroupAsync()
    {
        if (_group.Count == 0)
        {
            return;
        }

        try
        {
            if (_writer is null)
            {
                await OpenFileAsync();
            }

            await _group.WriteAsync(_writer!);
            _rowsInFile += _group.Count;
            Volatile.Write(ref _lastFailure, null);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "Could not write {Rows} decision log rows", _group.Count);
            _metrics.DecisionLogFailed(_group.Count);
            Interlocked.Add(ref _rowsNotWritten, _group.Count);
            Volatile.Write(ref _lastFailure, e.Message);
        }
        finally
        {
            _group.Clear();
        }

        if (_rowsInFile >= _options.MaxRowsPerFile)
        {
            await CloseFileAsync();
            _firstRowAt = null;
        }
    }

    private async Task OpenFileAsync()
    {
        _openedAt = _time.GetUtcNow();
        var name = string.Create(CultureInfo.InvariantCulture, $"{DecisionLogColumns.FilePrefix}{_openedAt:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}-{_sequence++:D4}");
        _tempPath = Path.Combine(_options.Folder, name + DecisionLogColumns.InProgressExtension);
        _stream = File.Create(_tempPath);
        _writer = await ParquetWriter.CreateAsync(DecisionLogSchema.Schema, _stream, DecisionLogParquet.Options(_options.Compression));
        _rowsInFile = 0;
    }

    private async Task CloseFileAsync()
    {
        if (_writer is null)
        {
            return;
        }

        await _writer.DisposeAsync();
        await _stream!.DisposeAsync();
        File.Move(_tempPath!, _tempPath![..^DecisionLogColumns.InProgressExtension.Length] + DecisionLogColumns.FileExtension, overwrite: false);
        _writer = null;
        _stream = null;
        _tempPath = null;
    }
}
