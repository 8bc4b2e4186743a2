using Recommender.Models;
using Recommender.Training.Bundles;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// <c>models/sample</c> is what a fresh clone serves. A change to the features (or to how the schema is inferred) or
/// to <c>data-samples/</c> without retraining the bundle fails here, not in production.
/// </summary>
public sealed class ShippedBundleTests
{
    private const string Retrain = "retrain it: dotnet run --project src/Recommender.Cli -c Release -- train --data data-samples --out models/sample --seed 8";

    [Fact]
    public async Task The_sample_bundle_loads_against_the_current_feature_schema_of_the_sample_data()
    {
        var inputs = await TrainingInputs.ReadAsync(Repository.DataSamples);

        var bundle = ModelBundle.Load(Repository.SampleModel, inputs.Schema);

        Assert.Equal(inputs.Schema.Hash, bundle.Manifest.FeatureSchemaHash);
        Assert.InRange(bundle.GoalProbability(new float[bundle.FeatureCount], send: true), 0, 1);
    }

    [Fact]
    public async Task The_sample_bundle_was_trained_on_the_committed_sample_data()
    {
        var inputs = await TrainingInputs.ReadAsync(Repository.DataSamples);

        var manifest = ModelBundle.ReadManifest(Repository.SampleModel);

        Assert.True(
            manifest.DataFingerprint == await DataFingerprint.ComputeAsync(inputs.Folder),
            $"models/sample was trained on other data than data-samples/; {Retrain}");
    }

    [Fact]
    public void The_sample_bundle_stays_small()
    {
        var size = new DirectoryInfo(Repository.SampleModel).EnumerateFiles().Sum(f => f.Length);

        Assert.True(size < 3 * 1024 * 1024, $"models/sample holds {size:N0} bytes");
    }
}
