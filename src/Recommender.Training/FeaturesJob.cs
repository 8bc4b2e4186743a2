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
        var inputs = await TrainingInputs.ReadAsync(dataDirectory, [], options.EventTypes, options.TopEventTypes, ct).ConfigureAwait(false);
        var total = await EventTableInfo.CountRowsAsync(inputs.Folder.EventsPath, ct).ConfigureAwait(false);
        return new FeaturesJob(inputs, options, total);
    }

    /// <summary>Writes the examples to <paramref name="outputFile"/>; a failed or cancelled run leaves no file behind.</summary>
    /// <exception cref="DataValidationException">A file breaks the data contract.</exception>
    public async Task<ExampleRunSummary> WriteAsync(string outputFile, IProgress<ExampleProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFile);
        var (folder, catalog, profiles, schema) = _inputs;
        var job = new ExampleJob(folder.EventsPath, catalog, schema, profiles.ToDictionary(p => p.UserId, StringComparer.Ordinal));
        var defaults = new ExamplePipelineOptions();
        var workers = _options.Workers ?? defaults.Workers;
        var options = defaults with { Workers = workers, ChunksInFlight = workers + 2, TempDirectory = _options.TempDirectory };

        var output = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var partial = output + ".partial";
        try
        {
            var summary = await ExamplePipeline.RunAsync(
                job, async token => await ExampleParquetWriter.CreateAsync(partial, schema, token).ConfigureAwait(false), options, progress, ct)
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
