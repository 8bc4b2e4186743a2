using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Recommender.Training.Models;

/// <summary>
/// Grows a LightGBM binary model on the fitting rows and calibrates its raw scores on the calibration rows.
/// Seeded, deterministic and on a fixed number of threads: the same rows give the same trees.
/// </summary>
internal sealed class BinaryModelTrainer(MLContext ml, TrainingOptions options)
{
    public TrainedModel Train(BoosterOptions booster, ExampleTable table, ModelRows rows, Func<int, bool> label)
    {
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = ModelInput.LabelColumn,
            FeatureColumnName = ModelInput.FeaturesColumn,
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
            Deterministic = true,
            NumberOfThreads = options.Threads,
            Silent = true,
            Verbose = false,
        });
        var trees = trainer.Fit(ModelInput.View(ml, table, rows.Fit, label));

        // LightGBM's own probability is a sigmoid fitted on the rows the trees were grown on; it is replaced by a
        // calibrator fitted on rows the trees never saw.
        var scored = trees.Transform(ModelInput.View(ml, table, rows.Calibration, label));
        var calibrator = options.Calibration switch
        {
            CalibrationMethod.Platt => (IEstimator<ITransformer>)ml.BinaryClassification.Calibrators.Platt(ModelInput.LabelColumn),
            _ => ml.BinaryClassification.Calibrators.Isotonic(ModelInput.LabelColumn),
        };
        var calibration = calibrator.Fit(scored);
        return new TrainedModel(ml, trees, calibration, table.InputLength);
    }
}
