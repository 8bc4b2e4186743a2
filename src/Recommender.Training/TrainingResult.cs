using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Models.Manifest;
using Recommender.Training.Bundles;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>What a training run wrote, and what it read to do so.</summary>
/// <param name="DecisionLogRead">The decision log reader's summary (files still being written among it); null without a log.</param>
public sealed record TrainingResult(
    string BundleDirectory, BundleManifest Manifest, ExampleRunSummary Examples, TimeSpan Elapsed, DecisionLogReadSummary? DecisionLogRead = null);
