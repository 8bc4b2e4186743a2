using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Recommender.Core;
using Recommender.Core.Features;

namespace Recommender.Training.Examples;

/// <summary>
/// Writes examples to Parquet, one row group per block, columns as <see cref="ExampleColumns"/> lays them out,
/// and the feature schema's hash, version and options in the file metadata. Dispose to write the footer.
/// </summary>
public sealed class ExampleParquetWriter : IExampleSink
{
    /// <summary>
    /// Zstd at its fastest level, and the dictionary check on a sample of each column instead of the whole column:
    /// much smaller files than Snappy with full dictionary scans, written about as fast (docs/results.md, "Parquet
    /// files"). Count and one-hot columns still get dictionaries; continuous ones (days since ...) fail the sample quickly.
    /// </summary>
    private static readonly ParquetOptions Options = new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
        DictionaryEncodingSampleSize = 1_000,
    };

    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;
    private readonly bool _userOrder;
    private string[] _arms = [];
    private bool _disposed;

    private ExampleParquetWriter(Stream stream, ParquetWriter writer, DataField[] fields, bool userOrder)
    {
        _userOrder = userOrder;
        _stream = stream;
        _writer = writer;
        _fields = fields;
    }

    public long RowsWritten { get; private set; }

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public static Task<ExampleParquetWriter> CreateAsync(string path, FeatureSchema schema, CancellationToken ct = default) =>
        CreateAsync(path, schema, userOrder: false, ct);

    /// <summary>Creates (or overwrites) <paramref name="path"/>; with <paramref name="userOrder"/>, as a shard, with <see cref="ExampleColumns.UserOrder"/>.</summary>
    public static async Task<ExampleParquetWriter> CreateAsync(string path, FeatureSchema schema, bool userOrder, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(schema);
        var parquetSchema = ExampleColumns.Create(schema, userOrder);
        var stream = File.Create(path);
        var created = false;
        try
        {
            var writer = await ParquetWriter.CreateAsync(parquetSchema, stream, Options, append: false, ct).ConfigureAwait(false);
            writer.CustomMetadata = new Dictionary<string, string>
            {
                [ExampleColumns.SchemaHashKey] = schema.Hash,
                [ExampleColumns.SchemaVersionKey] = FeatureSchema.Version,
                [ExampleColumns.SchemaOptionsKey] = JsonSerializer.Serialize(schema.Options, CoreJson.Options),
            };
            created = true;
            return new ExampleParquetWriter(stream, writer, parquetSchema.DataFields, userOrder);
        }
        finally
        {
            if (!created)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask WriteAsync(ExampleBlock block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var features = _fields.Length - (_userOrder ? 9 : 8);
        if (block.FeatureCount != features)
        {
            throw new ArgumentException($"The block holds {block.FeatureCount} features; the file has {features}.", nameof(block));
        }

        var n = block.Count;
        if (n == 0)
        {
            return;
        }

        if (_arms.Length < n)
        {
            _arms = new string[block.Capacity];
        }

        for (var i = 0; i < n; i++)
        {
            _arms[i] = ExampleColumns.ArmName(block.Arms[i]);
        }

        var f = 0;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(_fields[f++], new ArraySegment<string>(block.UserIds, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(_fields[f++], new ArraySegment<string>(block.MessageIds, 0, n)).ConfigureAwait(false);
        await group.WriteAsync<DateTime>(_fields[f++], block.SentAt.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync(_fields[f++], new ArraySegment<string>(_arms, 0, n)).ConfigureAwait(false);
        await group.WriteAsync(_fields[f++], new ArraySegment<string>(block.DecisionIds!, 0, n)).ConfigureAwait(false);
        await group.WriteAsync<double>(_fields[f++], block.Propensities.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        for (var j = 0; j < block.FeatureCount; j++)
        {
            await group.WriteAsync<float>(_fields[f++], block.FeatureColumn(j).AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        }

        await group.WriteAsync<bool>(_fields[f++], block.LabelGoal.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        await group.WriteAsync<bool>(_fields[f++], block.LabelUnsubscribe.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        if (_userOrder)
        {
            await group.WriteAsync<long>(_fields[f++], block.UserOrders.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        }

        group.CompleteValidate();
        RowsWritten += n;
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
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
