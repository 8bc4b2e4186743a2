using Recommender.Training.Bundles;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>What a training run wrote, and what it read to do so.</summary>
public sealed record TrainingResult(string BundleDirectory, BundleManifest Manifest, ExampleRunSummary Examples, TimeSpan Elapsed);
