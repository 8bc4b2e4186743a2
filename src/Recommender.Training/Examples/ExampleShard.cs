using System.Text.Json;
using Recommender.Core;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// What a shard of examples (<c>features --partition i/N</c>) says about itself, in <c>part-i-of-N.json</c> beside its
/// <c>part-i-of-N.parquet</c>: its partition, the data and schema it was built from, and the counts of its run. The
/// JSON is written last, so a shard without one is unfinished. Training checks the whole set against these before it
/// reads a row, and sums the counts into the summary an unpartitioned run would have given.
/// </summary>
public sealed record ExampleShard(
    int Index,
    int Count,
    string FeatureSchemaHash,
    string DataFingerprint,
    long Treatment,
    long Control,
    long UnknownMessages,
    long ControlsWithoutMessage,
    long NotChosen,
    long Users,
    long UsersWithoutProfile,
    long Events,
    long EventsRead,
    long DuplicatesSkipped,
    DateTime? MinTimestamp,
    DateTime? MaxTimestamp,
    IReadOnlyDictionary<string, long> EventTypeCounts,
    string? Partitioned)
{
    public UserPartition Partition => new(Index, Count);

    public static ExampleShard From(UserPartition partition, string schemaHash, string dataFingerprint, ExampleRunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var (x, read) = (summary.Examples, summary.Read);
        return new ExampleShard(
            partition.Index, partition.Count, schemaHash, dataFingerprint, x.Treatment, x.Control, x.UnknownMessages, x.ControlsWithoutMessage, x.NotChosen,
            summary.Users, summary.UsersWithoutProfile, summary.Events, read.EventsReturned, read.DuplicatesSkipped, read.MinTimestamp, read.MaxTimestamp,
            new SortedDictionary<string, long>(read.EventTypeCounts.ToDictionary(), StringComparer.Ordinal), summary.Partitioned);
    }

    public long Rows => Treatment + Control + NotChosen;

    /// <summary>The run summary of the rows of every shard of <paramref name="shards"/> (one per partition of the set).</summary>
    public static ExampleRunSummary Sum(IReadOnlyList<ExampleShard> shards, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(shards.Count);
        var first = shards[0];
        var counts = shards.Aggregate(default(ExampleCounts), (c, s) => c + new ExampleCounts(s.Treatment, s.Control, s.UnknownMessages, s.ControlsWithoutMessage, s.NotChosen));

        // Every shard read the whole events table (and skipped the users of the others): its read summary is the table's.
        var read = EventReadSummary.Restore(first.EventsRead, first.DuplicatesSkipped, first.MinTimestamp, first.MaxTimestamp, first.EventTypeCounts);
        return new ExampleRunSummary(
            counts, shards.Sum(s => s.Users), shards.Sum(s => s.UsersWithoutProfile), shards.Sum(s => s.Events), read, first.Partitioned, elapsed);
    }

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, CoreJson.Indented, ct).ConfigureAwait(false);
    }

    /// <exception cref="TrainingDataException">The file is not a shard description.</exception>
    public static async Task<ExampleShard> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ExampleShard>(stream, CoreJson.Options, ct).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new TrainingDataException($"{path} is not a shard description written by recommender features --partition ({e.Message}). Rebuild that shard.");
        }
    }
}
