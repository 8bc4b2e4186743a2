using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Parquet;
using Recommender.Api.Infrastructure;
using Recommender.Decisioning;

namespace Recommender.Api.DecisionLog;

/// <summary>
/// Appends every decision to Parquet files in the background: requests put a row on a bounded queue, one writer
/// drains it into row groups, and closes a file after <see cref="DecisionLogOptions.MaxRowsPerFile"/> rows or
/// <see cref="DecisionLogOptions.RollAfter"/>. Files are written as <c>.parquet.tmp</c> and renamed when complete, so a
/// reader never sees half a file. Stopping the host drains the queue and closes the file.
/// </summary>
public sealed class DecisionLogWriter : BackgroundService
{
    private readonly DecisionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ApiMetrics _metrics;
    private readonly ILogger<DecisionLogWriter> _logger;
    private readonly Channel<DecisionLogRow> _queue;
    private readonly List<DecisionLogRow> _group = [];
    private ParquetWriter? _writer;
    private Stream? _stream;
    private string? _tempPath;
    private long _rowsInFile;
    private DateTimeOffset _openedAt;
    private int _sequence;

    public DecisionLogWriter(IOptions<DecisionLogOptions> options, TimeProvider time, ApiMetrics metrics, ILogger<DecisionLogWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<DecisionLogRow>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues a decision; waits only when the queue is full.</summary>
    public ValueTask AppendAsync(Decision decision, string? channel, CancellationToken ct)
    {
        if (!_options.Enabled)
        {
            return ValueTask.CompletedTask;
        }

        var row = DecisionLogRow.From(decision, channel);
        return _queue.Writer.TryWrite(row) ? ValueTask.CompletedTask : WaitAndAppendAsync(row, ct);
    }

    private async ValueTask WaitAndAppendAsync(DecisionLogRow row, CancellationToken ct)
    {
        try
        {
            await _queue.Writer.WriteAsync(row, ct);
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

        Directory.CreateDirectory(_options.Folder);
        var reader = _queue.Reader;
        // The loop ends when the queue is completed and empty (at shutdown), not on the stopping token: rows in
        // the queue are decisions already answered and must reach the log.
        while (true)
        {
            // With no file open there is nothing to roll: wait for rows without a deadline.
            var roll = _writer is null ? Timeout.InfiniteTimeSpan : Max(TimeSpan.Zero, _options.RollAfter - (_time.GetUtcNow() - _openedAt));
            bool more;
            using (var timeout = new CancellationTokenSource(roll, _time))
            {
                try
                {
                    more = await reader.WaitToReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    await CloseFileAsync();
                    continue;
                }
            }

            if (!more)
            {
                break;
            }

            while (reader.TryRead(out var row))
            {
                _group.Add(row);
                if (_group.Count >= _options.RowGroupSize || _rowsInFile + _group.Count >= _options.MaxRowsPerFile)
                {
                    await WriteGroupAsync();
                }
            }

            await WriteGroupAsync();
        }

        await CloseFileAsync();
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

            await DecisionLogParquet.WriteGroupAsync(_writer!, _group);
            _rowsInFile += _group.Count;
        }
        catch (IOException e)
        {
            _logger.LogError(e, "Could not write {Rows} decision log rows", _group.Count);
            _metrics.DecisionLogFailed(_group.Count);
        }
        finally
        {
            _group.Clear();
        }

        if (_rowsInFile >= _options.MaxRowsPerFile)
        {
            await CloseFileAsync();
        }
    }

    private async Task OpenFileAsync()
    {
        _openedAt = _time.GetUtcNow();
        var name = string.Create(CultureInfo.InvariantCulture, $"decisions-{_openedAt:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}-{_sequence++:D4}.parquet");
        _tempPath = Path.Combine(_options.Folder, name + ".tmp");
        _stream = File.Create(_tempPath);
        _writer = await ParquetWriter.CreateAsync(DecisionLogRow.Schema, _stream, DecisionLogParquet.Options);
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
        File.Move(_tempPath!, _tempPath![..^".tmp".Length], overwrite: false);
        _writer = null;
        _stream = null;
        _tempPath = null;
    }
}
