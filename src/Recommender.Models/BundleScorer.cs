using Recommender.Models.Manifest;
using Recommender.Scoring;

namespace Recommender.Models;

/// <summary>
/// Scores one model of a bundle: the compiled forest's raw score, then the calibrator. Immutable and allocation-free
/// for schemas of up to <see cref="StackLimit"/> features, so one instance serves every request thread.
/// </summary>
internal sealed class BundleScorer(CompiledForest forest, IProbabilityCalibrator calibrator, ReadOnlySpan<int> varyingInputs)
{
    private const int StackLimit = 1024;

    public CompiledForest Forest { get; } = forest;

    /// <summary>The forest for rows that share the user's features: the message's own inputs and the treatment vary.</summary>
    public ForestVariants Variants { get; } = new(forest, varyingInputs);

    public IProbabilityCalibrator Calibrator { get; } = calibrator;

    /// <summary>The calibrated probability of the schema's <paramref name="features"/> with <c>is_treatment</c> = <paramref name="treatment"/>.</summary>
    public double Probability(ReadOnlySpan<float> features, float treatment)
    {
        var input = features.Length < StackLimit ? stackalloc float[features.Length + 1] : new float[features.Length + 1];
        features.CopyTo(input);
        input[^1] = treatment;
        return Calibrator.Probability(Forest.Score(input));
    }

    /// <exception cref="ModelBundleException">A file is missing, unreadable or outside the bundle, or the forest takes another number of inputs.</exception>
    public static BundleScorer Load(BundleFiles files, string directory, BundleModel model, int inputLength, ReadOnlySpan<int> varyingInputs)
    {
        CompiledForest forest;
        try
        {
            using var stream = new MemoryStream(files.Read(model.Forest), writable: false);
            forest = CompiledForest.Load(stream);
        }
        catch (ForestFormatException e)
        {
            throw new ModelBundleException($"{Path.Combine(directory, model.Forest)} is not a readable compiled forest ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }

        if (forest.FeatureCount != inputLength)
        {
            throw new ModelBundleException(
                $"{Path.Combine(directory, model.Forest)} takes {forest.FeatureCount} inputs but the manifest names {inputLength}. Retrain the bundle with `recommender train`.");
        }

        files.CheckZip(model.MlNet, files.Read(model.MlNet));
        var calibration = BundleCalibration.Load(files.Read(model.Calibration), Path.Combine(directory, model.Calibration));
        return new BundleScorer(forest, calibration, varyingInputs);
    }
}
