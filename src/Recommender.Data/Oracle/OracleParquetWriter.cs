using Parquet;
using Parquet.Schema;
using Recommender.Data.Tables;

namespace Recommender.Data.Oracle;

/// <summary>
/// Writes <c>oracle.parquet</c>: one row per logged decision with the world's true probabilities
/// (<c>decision_id</c>, <c>p_goal_send</c>, <c>p_goal_nosend</c>, <c>p_unsubscribe</c>), so that a model can be
/// measured against the ceiling on exactly the rows it is validated on. Streams: one row group per call.
/// </summary>
public sealed class OracleParquetWriter : IAsyncDisposable
{
    public const string FileName = "oracle.parquet";

    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private bool _wroteGroup;

    private OracleParquetWriter(Stream stream, ParquetWriter writer)
    {
        _stream = stream;
        _writer = writer;
    }

    public static async Task<OracleParquetWriter> CreateAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = File.Create(path);
        try
        {
            var writer = await ParquetWriter.CreateAsync(OracleColumns.Schema, stream, ParquetWriting.Options, append: false, ct).ConfigureAwait(false);
            return new OracleParquetWriter(stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WriteAsync(IReadOnlyList<OracleRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await WriteGroupAsync(rows, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // An empty table still gets one (empty) row group, so readers see the schema and zero rows.
        if (!_wroteGroup)
        {
            await WriteGroupAsync([], CancellationToken.None).ConfigureAwait(false);
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteGroupAsync(IReadOnlyList<OracleRow> rows, CancellationToken ct)
    {
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(OracleColumns.DecisionId, rows.Select(r => r.DecisionId).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<double>(OracleColumns.GoalIfSent, rows.Select(r => r.GoalIfSent).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync<double>(OracleColumns.GoalIfNotSent, rows.Select(r => r.GoalIfNotSent).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync<double>(OracleColumns.Unsubscribe, rows.Select(r => r.Unsubscribe).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
        group.CompleteValidate();
        _wroteGroup = true;
    }
}
