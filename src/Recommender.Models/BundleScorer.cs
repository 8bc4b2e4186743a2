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

    /// <exception cref="ModelBundleException">A file is missing or unreadable, or the forest takes another number of inputs.</exception>
    public static BundleScorer Load(string directory, BundleModel model, int inputLength, ReadOnlySpan<int> varyingInputs)
    {
        var forestPath = Existing(directory, model.Forest);
        CompiledForest forest;
        try
        {
            using var stream = File.OpenRead(forestPath);
            forest = CompiledForest.Load(stream);
        }
        catch (ForestFormatException e)
        {
            throw new ModelBundleException($"{forestPath} is not a readable compiled forest ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }

        if (forest.FeatureCount != inputLength)
        {
            throw new ModelBundleException(
                $"{forestPath} takes {forest.FeatureCount} inputs but the manifest names {inputLength}. Retrain the bundle with `recommender train`.");
        }

        Existing(directory, model.MlNet);
        return new BundleScorer(forest, BundleCalibration.Load(Existing(directory, model.Calibration)), varyingInputs);
    }

    private static string Existing(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? path
            : throw new ModelBundleException($"The bundle in '{directory}' lacks its model file {file}. Retrain the bundle with `recommender train`.");
    }
}
