using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

using Recommender.Scoring;

namespace Recommender.Training.Compilation;

/// <summary>
/// Turns a LightGBM binary model trained with ML.NET into a <see cref="CompiledForest"/>: reads ML.NET's trees
/// (with the missing-value routing its public API hides) into the scoring library's <see cref="TreeDefinition"/>,
/// so that the scoring library and everything that serves a bundle need no ML.NET.
/// </summary>
public static class ForestCompiler
{
    /// <summary>
    /// Compiles the tree ensemble under the calibrator of <c>LightGbmBinaryTrainer.Fit(...).Model</c>. The forest
    /// yields the raw score; <see cref="ExtractCalibration"/> gives the matching probability mapping.
    /// </summary>
    public static CompiledForest Compile(CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compile(model.SubModel);
    }

    /// <summary>Compiles an uncalibrated LightGBM binary model (for example from a trainer without calibration).</summary>
    public static CompiledForest Compile(LightGbmBinaryModelParameters model)
    {
        ArgumentNullException.ThrowIfNull(model);

        // The feature-weight vector is as long as the model's input vector, which the public API otherwise hides.
        VBuffer<float> weights = default;
        model.GetFeatureWeights(ref weights);
        return Compile(model.TrainedTreeEnsemble, weights.Length);
    }

    /// <summary>The Platt mapping ML.NET applies to this model's score to produce its <c>Probability</c>.</summary>
    public static PlattScaling ExtractCalibration(
        CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        
        // ML.NET's PlattCalibrator computes 1 / (1 + exp(Slope · s + Offset)): the same curve with both signs flipped.
        return new PlattScaling(-model.Calibrator.Slope, -model.Calibrator.Offset);
    }

    internal static CompiledForest Compile(RegressionTreeEnsemble ensemble, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);

        // ML.NET's scorer adds raw leaf values and ignores Bias and TreeWeights; folding them in would change
        // the scores, ignoring them would misread a model that sets them. LightGBM never does, so refuse.
        if (ensemble.Bias != 0)
            throw new NotSupportedException($"The ensemble has bias {ensemble.Bias}; only 0 (as LightGBM produces) is supported.");
        for (int t = 0; t < ensemble.TreeWeights.Count; t++)
        {
            if (ensemble.TreeWeights[t] != 1)
            {
                throw new NotSupportedException(
                    $"Tree {t} has weight {ensemble.TreeWeights[t]}; only 1 (as LightGBM produces) is supported.");
            }
        }

        var builder = new ForestBuilder(featureCount);
        for (int t = 0; t < ensemble.Trees.Count; t++)
            builder.AddTree(Read(ensemble.Trees[t]), t);
        return builder.Build();
    }

    private static TreeDefinition Read(RegressionTree tree)
    {
        // ML.NET returns 0 for a tree that never split (LightGBM's constant trees with a non-zero value are
        // converted to two equal leaves before they get here).
        if (tree.NumberOfLeaves < 2)
        {
            return new TreeDefinition([], [], [0], []);
        }

        var defaults = MlNetMissingValueDefaults.Read(tree);
        var splits = new SplitDefinition[tree.NumberOfNodes];
        for (var node = 0; node < splits.Length; node++)
        {
            if (tree.CategoricalSplitFlags[node])
            {
                // A NaN slot never counts as hot in ML.NET (its default is 0, or NaN > 0 fails), so no NaN flag.
                splits[node] = SplitDefinition.Categorical([.. tree.GetCategoricalSplitFeaturesAt(node)]);
                continue;
            }

            // Decide once what ML.NET decides per row: NaN becomes defaults[node], or stays NaN and fails "<=".
            var threshold = tree.NumericalSplitThresholds[node];
            splits[node] = SplitDefinition.Numerical(
                tree.NumericalSplitFeatureIndexes[node], threshold, nanGoesLeft: defaults is not null && defaults[node] <= threshold);
        }

        return new TreeDefinition([.. tree.LeftChild], [.. tree.RightChild], [.. tree.LeafValues], splits);
    }
}
