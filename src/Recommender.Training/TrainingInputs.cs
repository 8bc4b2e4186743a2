using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.DecisionLog;
using Recommender.Data.Profiles;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>
/// A data folder read for training: the catalog, the profiles, and the feature schema inferred from them and the
/// head of the log. The check on the shipped bundle rebuilds the schema the same way, so that a change to the
/// features or to their inference fails CI until the bundle is retrained.
/// </summary>
public sealed record TrainingInputs(DataFolder Folder, MessageCatalog Catalog, IReadOnlyList<UserProfile> Profiles, FeatureSchema Schema)
{
    /// <summary>
    /// The API's decision log read beside the folder (<see cref="ReadAsync(string, IReadOnlyList{string}, CancellationToken)"/>);
    /// null without one. It adds control rows, never feature-schema inputs: the schema is the folder's alone.
    /// </summary>
    public DecisionLogEvents? DecisionLog { get; init; }

    /// <exception cref="DataValidationException">The folder, or a file in it, breaks the data contract.</exception>
    public static Task<TrainingInputs> ReadAsync(string dataDirectory, CancellationToken ct = default) =>
        ReadAsync(dataDirectory, [], ct);

    /// <summary>The folder and the decision logs in <paramref name="decisionLogs"/> (folders of <c>decisions-*.parquet</c>; none for no log).</summary>
    /// <exception cref="DataValidationException">The folder, the log, or a file in them breaks the data contract.</exception>
    public static Task<TrainingInputs> ReadAsync(string dataDirectory, IReadOnlyList<string> decisionLogs, CancellationToken ct = default) =>
        ReadAsync(dataDirectory, decisionLogs, null, SchemaInference.DefaultTopEventTypes, false, ct);

    /// <summary>
    /// As <see cref="ReadAsync(string, IReadOnlyList{string}, CancellationToken)"/>, with the product event types the schema
    /// counts: <paramref name="eventTypes"/> when given, else the <paramref name="topEventTypes"/> most frequent ones, and
    /// with the time and channel features when <paramref name="timeAndChannel"/>.
    /// </summary>
    /// <exception cref="DataValidationException">The folder, the log, or a file in them breaks the data contract.</exception>
    public static async Task<TrainingInputs> ReadAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, IReadOnlyList<string>? eventTypes, int topEventTypes, bool timeAndChannel,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decisionLogs);
        var folder = DataFolder.Open(dataDirectory);
        var catalog = CatalogJson.Load(folder.CatalogPath);
        var profiles = await ProfileParquetReader.ReadAsync(folder.ProfilesPath, null, ct).ConfigureAwait(false);
        var sample = await SchemaInference.SampleAsync(folder.EventsPath, topEventTypes, ct: ct).ConfigureAwait(false);
        eventTypes ??= sample.EventTypes;
        var log = decisionLogs.Count == 0 ? null : await DecisionLogEvents.ReadAsync(decisionLogs, null, ct).ConfigureAwait(false);
        var schema = SchemaInference.Create(catalog, profiles, eventTypes, sample.ProfileUpdates, timeAndChannel);
        return new TrainingInputs(folder, catalog, profiles, schema) { DecisionLog = log };
    }
}
