using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using Recommender.Models;
using Recommender.Scoring;
using Recommender.Training.Compilation;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>
/// Grows a LightGBM binary model on the fitting rows, compiles it, and calibrates its raw scores on the calibration
/// rows. Seeded, deterministic and on a fixed number of threads: the same rows give the same trees.
/// </summary>
internal sealed class BinaryModelTrainer(TrainingOptions options)
{
    /// <param name="weight">Each fitting row's weight (inverse propensity weights); null to weigh every row alike.</param>
    public TrainedModel Train(string name, BoosterOptions booster, ExampleTable table, ModelRows rows, Func<int, bool> label, Func<int, float>? weight = null)
    {
        var (ml, trees, forest) = Grow(booster, table, rows.Fit, label, weight, maskTreatment: false);

        // LightGBM's own probability is a sigmoid fitted on the rows the trees were grown on, which flatter them; the
        // served probability comes from a calibrator fitted on users the trees never saw.
        var scores = TrainedModel.RawScores(forest, table, rows.Calibration);
        var labels = rows.Calibration.Select(label).ToArray();
        IProbabilityCalibrator calibrator = options.Calibration switch
        {
            CalibrationMethod.Platt => CheckSlope(name, PlattScaling.Fit(scores, labels), rows.Calibration.Length),
            _ => IsotonicCalibration.Fit(scores, labels),
        };
        return new TrainedModel(ml, trees, forest, calibrator);
    }

    /// <summary>The trees alone, grown on <paramref name="rows"/>; their raw score is the log-odds of the weighted fit.</summary>
    public CompiledForest GrowForest(BoosterOptions booster, ExampleTable table, IReadOnlyList<int> rows, Func<int, bool> label, Func<int, float>? weight, bool maskTreatment) =>
        Grow(booster, table, rows, label, weight, maskTreatment).Forest;

    private (MLContext Ml, Microsoft.ML.Data.BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>> Trees, CompiledForest Forest) Grow(
        BoosterOptions booster, ExampleTable table, IReadOnlyList<int> rows, Func<int, bool> label, Func<int, float>? weight, bool maskTreatment)
    {
        // A context per model, so that a model depends on its own rows and the seed only, not on what trained before it.
        var ml = new MLContext(options.Seed);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = ModelInput.LabelColumn,
            FeatureColumnName = ModelInput.FeaturesColumn,
            ExampleWeightColumnName = weight is null ? null : ModelInput.WeightColumn,
            NumberOfIterations = booster.Iterations,
            LearningRate = booster.LearningRate,
            NumberOfLeaves = booster.Leaves,
            MinimumExampleCountPerLeaf = booster.MinimumRowsPerLeaf,
            MaximumBinCountPerFeature = booster.MaximumBins,
            Booster = new GradientBooster.Options
            {
                FeatureFraction = booster.FeatureFraction,
                L2Regularization = booster.L2Regularization,
            },
            Seed = options.Seed,

            // Rows ML.NET copies into LightGBM at a time, as floats: its default of 2^20 rows is a 680 MB buffer at 162
            // inputs, beside LightGBM's own binned copy; 2^16 is 42 MB, and LightGBM's dataset, hence the trees, is the same.
            BatchSize = 1 << 16,
            Deterministic = true,
            NumberOfThreads = options.Threads,
            Silent = true,
            Verbose = false,
        });
        var trees = trainer.Fit(ModelInput.View(ml, table, rows, label, weight, maskTreatment));
        return (ml, trees, ForestCompiler.Compile(trees.Model));
    }

    /// <summary>
    /// A Platt curve that falls would turn the trees' ranking upside down: it means higher scores went with fewer
    /// positives among users the trees never saw, i.e. the trees learnt nothing that generalises. Refused rather than
    /// shipped as a model that ranks backwards.
    /// </summary>
    /// <exception cref="TrainingDataException">The fitted slope is not positive.</exception>
    internal static PlattScaling CheckSlope(string name, PlattScaling platt, int calibrationRows)
    {
        if (platt.Slope > 0)
        {
            return platt;
        }

        throw new TrainingDataException(
            string.Create(CultureInfo.InvariantCulture, $"The {name} model's scores do not rank its {calibrationRows:N0} held-out calibration rows (Platt slope {platt.Slope:G3}): ") +
            "it learnt nothing that holds for new users. Train on a longer log or more users, or use smaller trees and larger leaves for this model.");
    }
}
