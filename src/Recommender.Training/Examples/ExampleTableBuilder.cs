using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Training.Examples;

/// <summary>Replays a log into an in-memory <see cref="ExampleTable"/>: what <see cref="TrainingJob"/> trains on and <see cref="ValidationSet"/> measures on.</summary>
internal static class ExampleTableBuilder
{
    /// <summary>
    /// The examples of a data folder (and decision log) in memory; <see cref="ValidationSet"/> builds them the
    /// same way. The training window is the events' span: the log's decisions are labelled from the events, so a decision
    /// whose outcome window closes after the last event gets no row, like any other.
    /// </summary>
    public static Task<(ExampleTable Table, ExampleRunSummary Summary)> BuildAsync(
        DataFolder folder, MessageCatalog catalog, FeatureSchema schema, IReadOnlyList<UserProfile> profiles,
        DecisionLogEvents? decisionLog, IProgress<TrainingProgress>? progress, CancellationToken ct) =>
        BuildAsync(folder, catalog, schema, profiles, decisionLog, 0, 0, null, progress, ct);

    /// <summary>
    /// As above, with up to <paramref name="notChosen"/> not-chosen rows per logged decision (<see cref="ExampleBuilder"/>),
    /// and the rows with no positive label thinned by a sampler from <paramref name="sampler"/> when it is given (a new one
    /// for each pass the pipeline makes: its state is the rows it has seen).
    /// </summary>
    public static async Task<(ExampleTable Table, ExampleRunSummary Summary)> BuildAsync(
        DataFolder folder, MessageCatalog catalog, FeatureSchema schema, IReadOnlyList<UserProfile> profiles,
        DecisionLogEvents? decisionLog, int notChosen, int seed, Func<NegativeSampler>? sampler, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var byUser = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            byUser.TryAdd(profile.UserId, profile);
        }

        // The pipeline starts over with a new sink when the events are not grouped by user; the last one holds the rows.
        ExampleTable? table = null;
        var summary = await ExamplePipeline.RunAsync(
            new ExampleJob(folder.EventsPath, catalog, schema, byUser, decisionLog, notChosen, seed),
            _ => ValueTask.FromResult<IExampleSink>(table = new ExampleTable(schema.Count, sampler?.Invoke())),
            progress: progress is null ? null : new SynchronousProgress<ExampleProgress>(p => progress.Report(new(TrainingPhase.BuildingExamples, p.Events))),
            ct: ct).ConfigureAwait(false);
        return (table!, summary);
    }

}
