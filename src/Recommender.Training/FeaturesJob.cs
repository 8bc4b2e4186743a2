using Recommender.Core.Features;
using Recommender.Data.Validation;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>
/// <c>recommender features</c>: replays every user's events through the fold and writes one labelled row per logged
/// decision (sends and held-out controls) to a Parquet file, with the feature schema's hash in the file metadata.
/// The file appears only when complete: it is written beside as <c>FILE.partial</c> and renamed.
/// </summary>
public sealed class FeaturesJob
{
    private readonly TrainingInputs _inputs;
    private readonly FeaturesOptions _options;

    private FeaturesJob(TrainingInputs inputs, FeaturesOptions options, long? totalEvents)
    {
        _inputs = inputs;
        _options = options;
        TotalEvents = totalEvents;
    }

    /// <summary>The schema the rows are written with.</summary>
    public FeatureSchema Schema => _inputs.Schema;

    /// <summary>Rows of the events table, from the files' metadata (null when it cannot be known without reading them).</summary>
    public long? TotalEvents { get; }

    /// <summary>Reads the catalog and profiles of <paramref name="dataDirectory"/> and settles the feature schema.</summary>
    /// <exception cref="DataValidationException">The folder, or a file in it, breaks the data contract.</exception>
    public static async Task<FeaturesJob> OpenAsync(string dataDirectory, FeaturesOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FeaturesOptions();
        options.Validate();
        var inputs = await TrainingInputs.ReadAsync(dataDirectory, [], options.EventTypes, options.TopEventTypes, options.TimeAndChannelFeatures, ct).ConfigureAwait(false);
        var total = await EventTableInfo.CountRowsAsync(inputs.Folder.EventsPath, ct).ConfigureAwait(false);
        return new FeaturesJob(inputs, options, total);
    }

    /// <summary>
    /// Writes the examples of <paramref name="partition"/>'s users to <paramref name="directory"/> as a shard:
    /// <c>part-i-of-N.parquet</c> (with each row's user position, <see cref="ExampleColumns.UserOrder"/>) and, last,
    /// <c>part-i-of-N.json</c> (<see cref="ExampleShard"/>). <c>train --examples</c> reads a folder of all N of them.
    /// A failed or cancelled run leaves no description behind, so the set reads as incomplete.
    /// </summary>
    /// <exception cref="DataValidationException">A file breaks the data contract.</exception>
    public async Task<ExampleRunSummary> WriteShardAsync(
        string directory, UserPartition partition, IProgress<ExampleProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(Path.GetFullPath(directory), partition.ShardName);
        var description = stem + ".json";

        // A rerun replaces the shard: its old description goes first, so no moment shows old counts beside new rows.
        File.Delete(description);
        var fingerprint = await DataFingerprint.ComputeAsync(_inputs.Folder, ct).ConfigureAwait(false);
        var summary = await WriteAsync(stem + ".parquet", partition, progress, ct).ConfigureAwait(false);
        var shard = ExampleShard.From(partition, _inputs.Schema.Hash, fingerprint, summary);
        var partial = description + ".partial";
        try
        {
            await shard.WriteAsync(partial, ct).ConfigureAwait(false);
            File.Move(partial, description, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return summary;
    }

    /// <summary>Writes the examples to <paramref name="outputFile"/>; a failed or cancelled run leaves no file behind.</summary>
    /// <exception cref="DataValidationException">A file breaks the data contract.</exception>
    public Task<ExampleRunSummary> WriteAsync(string outputFile, IProgress<ExampleProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFile);
        return WriteAsync(outputFile, null, progress, ct);
    }

    private async Task<ExampleRunSummary> WriteAsync(string outputFile, UserPartition? partition, IProgress<ExampleProgress>? progress, CancellationToken ct)
    {
        var (folder, catalog, profiles, schema) = _inputs;

        // The builder's defaults (no not-chosen rows, seed 7) are what train's first replay uses; a shard must be those rows.
        var job = new ExampleJob(folder.EventsPath, catalog, schema, profiles.ToDictionary(p => p.UserId, StringComparer.Ordinal), Partition: partition);
        var defaults = new ExamplePipelineOptions();
        var workers = _options.Workers ?? defaults.Workers;
        var options = defaults with { Workers = workers, ChunksInFlight = workers + 2, TempDirectory = _options.TempDirectory };

        var output = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var partial = output + ".partial";
        try
        {
            var summary = await ExamplePipeline.RunAsync(
                job, async token => await ExampleParquetWriter.CreateAsync(partial, schema, userOrder: partition is not null, token).ConfigureAwait(false), options, progress, ct)
                .ConfigureAwait(false);
            File.Move(partial, output, overwrite: true);
            return summary;
        }
        finally
        {
            // A half-written file must not be mistaken for a result.
            File.Delete(partial);
        }
    }
}
