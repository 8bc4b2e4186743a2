using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using Recommender.Core.Features;

namespace Recommender.Training.Examples;

/// <summary>
/// Reads a folder of example shards (<c>features --partition i/N</c>, one per partition) into one
/// <see cref="ExampleTable"/>, in exactly the row order an unpartitioned run gives: the shards are merged by each row's
/// user position in the events table. Training on the result gives the same bundle as training on the events.
/// </summary>
/// <remarks>
/// The set is checked whole before a row is read: one count N, every partition 0..N−1 once, every shard finished,
/// built from the same data (fingerprint) and feature schema as the training run. A mixed or partial set would
/// train a model on some of the users, or on rows that mean other things, without a sign.
/// </remarks>
internal static class ExampleShardReader
{
    /// <exception cref="TrainingDataException">The folder does not hold one complete, matching set of shards; the message names the fix.</exception>
    public static async Task<(ExampleTable Table, ExampleRunSummary Summary)> ReadAsync(
        string directory, FeatureSchema schema, string dataFingerprint, NegativeSampler? sampler, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var shards = await CheckAsync(directory, schema, dataFingerprint, ct).ConfigureAwait(false);
        var table = new ExampleTable(schema.Count, sampler);
        var cursors = new List<ShardCursor>();
        try
        {
            foreach (var shard in shards)
            {
                var cursor = await ShardCursor.OpenAsync(Path.Combine(directory, shard.Partition.ShardName + ".parquet"), schema, ct).ConfigureAwait(false);
                cursors.Add(cursor);
                if (cursor.Rows != shard.Rows)
                {
                    throw new TrainingDataException(
                        $"{cursor.Path} holds {cursor.Rows:N0} rows; its description says {shard.Rows:N0}. The shard is damaged or from another run: rebuild it with recommender features --partition {shard.Partition}.");
                }
            }

            // Each shard is in user order; the next user is the smallest position among the shards' current rows.
            while (true)
            {
                ShardCursor? next = null;
                foreach (var cursor in cursors)
                {
                    if (!cursor.AtEnd && (next is null || cursor.UserOrder < next.UserOrder))
                    {
                        next = cursor;
                    }
                }

                if (next is null)
                {
                    break;
                }

                var user = next.UserOrder;
                do
                {
                    next.AppendTo(table);
                    await next.MoveNextAsync(ct).ConfigureAwait(false);
                }
                while (!next.AtEnd && next.UserOrder == user);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                await cursor.DisposeAsync().ConfigureAwait(false);
            }
        }

        return (table, ExampleShard.Sum(shards, stopwatch.Elapsed));
    }

    private static async Task<List<ExampleShard>> CheckAsync(string directory, FeatureSchema schema, string dataFingerprint, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            throw new TrainingDataException($"The examples folder {directory} does not exist. Build the shards first: recommender features --data DIR --partition i/N --out {directory}, for i = 0 to N-1.");
        }

        var files = Directory.GetFiles(directory, "part-*.json");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0)
        {
            throw new TrainingDataException($"{directory} holds no finished shard (part-*.json). Build the shards first: recommender features --data DIR --partition i/N --out {directory}, for i = 0 to N-1.");
        }

        var shards = new List<ExampleShard>();
        foreach (var file in files)
        {
            shards.Add(await ExampleShard.ReadAsync(file, ct).ConfigureAwait(false));
        }

        var counts = shards.Select(s => s.Count).Distinct().Order().ToArray();
        if (counts.Length > 1)
        {
            throw new TrainingDataException(
                $"{directory} mixes shards of {string.Join(" and ", counts.Select(c => c.ToString(CultureInfo.InvariantCulture)))} partitions. Keep one set: empty the folder and build every partition with the same N.");
        }

        var n = counts[0];
        var missing = Enumerable.Range(0, n).Where(i => !shards.Exists(s => s.Index == i)).ToArray();
        if (missing.Length > 0)
        {
            throw new TrainingDataException(
                $"{directory} lacks {missing.Length} of the {n} shards: {string.Join(", ", missing.Select(i => new UserPartition(i, n).ShardName))}. " +
                $"Build them (recommender features --partition {missing[0]}/{n} ...) or wait for those jobs to finish; training on part of the users would be a different model.");
        }

        foreach (var shard in shards)
        {
            var name = shard.Partition.ShardName;
            if (!string.Equals(shard.DataFingerprint, dataFingerprint, StringComparison.Ordinal))
            {
                throw new TrainingDataException(
                    $"{name} was built from other data ({shard.DataFingerprint}) than --data ({dataFingerprint}). Rebuild the shards from the same data folder, or train with the data they came from.");
            }

            if (!string.Equals(shard.FeatureSchemaHash, schema.Hash, StringComparison.Ordinal))
            {
                throw new TrainingDataException(
                    $"{name} was built with another feature schema ({shard.FeatureSchemaHash[..12]}) than training infers from --data ({schema.Hash[..12]}). " +
                    "Rebuild the shards without --event-types or --top-event-types (train uses the defaults), and give --time-features " +
                    "to both features and train or to neither.");
            }

            if (shard.NotChosen > 0)
            {
                throw new TrainingDataException($"{name} holds not-chosen rows, which recommender features does not write. Rebuild it with recommender features --partition {shard.Partition}.");
            }

            if (shard.MinTimestamp != shards[0].MinTimestamp || shard.MaxTimestamp != shards[0].MaxTimestamp || shard.EventsRead != shards[0].EventsRead)
            {
                throw new TrainingDataException(
                    $"{name} read another events table than {shards[0].Partition.ShardName} ({shard.EventsRead:N0} events from {shard.MinTimestamp:O} against {shards[0].EventsRead:N0} from {shards[0].MinTimestamp:O}). Rebuild the shards from one data folder.");
            }
        }

        return shards;
    }

    /// <summary>One shard read a row group at a time, positioned on a row.</summary>
    private sealed class ShardCursor : IAsyncDisposable
    {
        private readonly Stream _stream;
        private readonly ParquetReader _reader;
        private readonly DataField[] _fields;
        private readonly int _featureCount;
        private int _group = -1;
        private int _row;
        private int _groupRows;
        private string?[] _userIds = [], _messageIds = [], _arms = [], _decisionIds = [];
        private DateTime[] _sentAt = [];
        private double?[] _propensities = [];
        private float[][] _features = [];
        private bool[] _labelGoal = [], _labelUnsubscribe = [];
        private long[] _userOrders = [];

        private ShardCursor(string path, Stream stream, ParquetReader reader, DataField[] fields, int featureCount)
        {
            Path = path;
            _stream = stream;
            _reader = reader;
            _fields = fields;
            _featureCount = featureCount;
            Rows = reader.RowGroups.Sum(g => g.RowCount);
        }

        public string Path { get; }

        public long Rows { get; }

        public bool AtEnd { get; private set; }

        public long UserOrder => _userOrders[_row];

        public static async Task<ShardCursor> OpenAsync(string path, FeatureSchema schema, CancellationToken ct)
        {
            if (!File.Exists(path))
            {
                throw new TrainingDataException($"{path} is missing beside its description. Rebuild that shard with recommender features --partition.");
            }

            var stream = File.OpenRead(path);
            ParquetReader? reader = null;
            try
            {
                reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                var expected = ExampleColumns.Create(schema, userOrder: true).DataFields.Select(f => f.Name);
                if (!reader.Schema.DataFields.Select(f => f.Name).SequenceEqual(expected, StringComparer.Ordinal))
                {
                    throw new TrainingDataException($"{path} does not have the columns of a shard of this feature schema. Rebuild it with recommender features --partition.");
                }

                var cursor = new ShardCursor(path, stream, reader, reader.Schema.DataFields, schema.Count);
                await cursor.MoveNextAsync(ct).ConfigureAwait(false);
                return cursor;
            }
            catch
            {
                if (reader is not null)
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }

                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public void AppendTo(ExampleTable table) => table.Append(
            _userIds[_row]!, _messageIds[_row]!, _sentAt[_row], ArmOf(_arms[_row]), _decisionIds[_row], _propensities[_row],
            _labelGoal[_row], _labelUnsubscribe[_row], _features, _row);

        public async Task MoveNextAsync(CancellationToken ct)
        {
            if (++_row < _groupRows)
            {
                return;
            }

            while (++_group < _reader.RowGroupCount)
            {
                using var group = _reader.OpenRowGroupReader(_group);
                var n = (int)group.RowCount;
                if (n == 0)
                {
                    continue;
                }

                var f = 0;
                _userIds = await ReadStringsAsync(group, f++, n, ct).ConfigureAwait(false);
                _messageIds = await ReadStringsAsync(group, f++, n, ct).ConfigureAwait(false);
                _sentAt = await ReadAsync<DateTime>(group, f++, n, ct).ConfigureAwait(false);
                _arms = await ReadStringsAsync(group, f++, n, ct).ConfigureAwait(false);
                _decisionIds = await ReadStringsAsync(group, f++, n, ct).ConfigureAwait(false);
                _propensities = await ReadNullableAsync<double>(group, f++, n, ct).ConfigureAwait(false);
                _features = new float[_featureCount][];
                for (var j = 0; j < _featureCount; j++)
                {
                    _features[j] = await ReadAsync<float>(group, f++, n, ct).ConfigureAwait(false);
                }

                _labelGoal = await ReadAsync<bool>(group, f++, n, ct).ConfigureAwait(false);
                _labelUnsubscribe = await ReadAsync<bool>(group, f++, n, ct).ConfigureAwait(false);
                _userOrders = await ReadAsync<long>(group, f, n, ct).ConfigureAwait(false);
                (_row, _groupRows) = (0, n);
                return;
            }

            AtEnd = true;
        }

        public async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        private async Task<T[]> ReadAsync<T>(ParquetRowGroupReader group, int field, int rows, CancellationToken ct)
            where T : struct
        {
            var values = new T[rows];
            await group.ReadAsync(_fields[field], values.AsMemory(), null, ct).ConfigureAwait(false);
            return values;
        }

        private async Task<T?[]> ReadNullableAsync<T>(ParquetRowGroupReader group, int field, int rows, CancellationToken ct)
            where T : struct
        {
            var values = new T?[rows];
            await group.ReadAsync(_fields[field], values.AsMemory(), null, ct).ConfigureAwait(false);
            return values;
        }

        private async Task<string?[]> ReadStringsAsync(ParquetRowGroupReader group, int field, int rows, CancellationToken ct)
        {
            var values = new string?[rows];
            await group.ReadAsync(_fields[field], values.AsMemory(), null, ct).ConfigureAwait(false);
            return values;
        }

        private ExampleArm ArmOf(string? name) => name switch
        {
            ExampleColumns.Treatment => ExampleArm.Treatment,
            ExampleColumns.Control => ExampleArm.Control,
            ExampleColumns.NotChosen => ExampleArm.NotChosen,
            _ => throw new TrainingDataException($"{Path}: row group {_group}, row {_row} has arm '{name}'; expected treatment, control or not_chosen."),
        };
    }
}
