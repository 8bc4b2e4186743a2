using Parquet;
using Recommender.Api.Decisions;

namespace Recommender.Api.Planning;

/// <summary>A plan as Parquet (<see cref="PlanColumns"/>), one row group per chunk of users, Snappy like the decision log.</summary>
internal sealed class ParquetPlanWriter : IPlanWriter
{
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private bool _closed;

    // The decision column's text, decoded from each row's UTF-8 into buffers that every chunk reuses (the writes come
    // one at a time): a string per row was 10 KB of UTF-16 per planned user for the collector to clear. Fixed-size
    // segments, not one array of the chunk's size: that array had to be replaced whenever a chunk's text was longer
    // than every chunk's before, so a longer plan (more chunks, a longer longest one) left more of them on the large
    // object heap until a full collection; segments are only ever added, one at a time.
    private readonly TextSegments _text = new();

    private readonly bool _sendTimes;

    private ParquetPlanWriter(FileStream stream, ParquetWriter writer, bool sendTimes)
    {
        _stream = stream;
        _writer = writer;
        _sendTimes = sendTimes;
    }

    /// <param name="sendTimes">A plan with a look-ahead: the <c>send_at</c> and <c>channel</c> columns follow the others.</param>
    public static async Task<IPlanWriter> CreateAsync(FileStream stream, CancellationToken ct, bool sendTimes = false)
    {
        var writer = await ParquetWriter.CreateAsync(PlanColumns.SchemaFor(sendTimes), new SynchronousWriteStream(stream), new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct)
            .ConfigureAwait(false);
        return new ParquetPlanWriter(stream, writer, sendTimes);
    }

    public async Task WriteAsync(IReadOnlyList<DecisionDocument> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var n = rows.Count;
        var users = new string[n];
        var ids = new string[n];
        var asOf = new DateTime[n];
        var messages = new string?[n];
        var reasons = new string[n];
        var propensities = new double[n];
        var versions = new string?[n];
        var json = new ReadOnlyMemory<char>[n];
        _text.Reset();
        for (var i = 0; i < n; i++)
        {
            var d = rows[i].Decision;
            users[i] = d.UserId;
            ids[i] = d.DecisionId;
            asOf[i] = DateTime.SpecifyKind(d.AsOf, DateTimeKind.Utc);
            messages[i] = d.MessageId;
            reasons[i] = d.Reason;
            propensities[i] = d.Propensity;
            versions[i] = d.ModelVersion;
            json[i] = _text.Decode(rows[i].Json.Span);
        }

        var f = PlanColumns.SchemaFor(_sendTimes).DataFields;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(f[0], users).ConfigureAwait(false);
        await group.WriteAsync(f[1], ids).ConfigureAwait(false);
        await group.WriteAsync<DateTime>(f[2], asOf.AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(f[3], messages!).ConfigureAwait(false);
        await group.WriteAsync(f[4], reasons).ConfigureAwait(false);
        await group.WriteAsync<double>(f[5], propensities.AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(f[6], versions!).ConfigureAwait(false);
        await group.WriteAsync<ReadOnlyMemory<char>>(f[7], json.AsMemory(), null, null, ct).ConfigureAwait(false);
        if (_sendTimes)
        {
            var sendAt = new DateTime?[n];
            var channels = new string?[n];
            for (var i = 0; i < n; i++)
            {
                var d = rows[i].Decision;
                sendAt[i] = d.SendAt is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
                channels[i] = d.Channel;
            }

            await group.WriteAsync(f[8], new ReadOnlyMemory<DateTime?>(sendAt), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync(f[9], channels!).ConfigureAwait(false);
        }

        group.CompleteValidate();
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            try
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The file is being abandoned (the plan was interrupted or failed) and is deleted next.
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
