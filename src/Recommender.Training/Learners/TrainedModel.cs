using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Scoring;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>
/// A grown model in its three forms: the ML.NET transformer (the reference scorer), the compiled forest that gives
/// the same raw scores fast, and the calibrator that turns a raw score into the served probability.
/// </summary>
internal sealed class TrainedModel(MLContext ml, ITransformer trees, CompiledForest forest, IProbabilityCalibrator calibrator)
{
    /// <summary>ML.NET's LightGBM transformer; its <c>Score</c> column is the raw score.</summary>
    public ITransformer Trees { get; } = trees;

    public CompiledForest Forest { get; } = forest;

    public IProbabilityCalibrator Calibrator { get; } = calibrator;

    /// <summary>Calibrated probabilities of <paramref name="rows"/> of <paramref name="table"/>, in row order.</summary>
    public double[] Predict(ExampleTable table, IReadOnlyList<int> rows)
    {
        var probabilities = new double[rows.Count];
        var input = new float[table.InputLength];
        for (var i = 0; i < rows.Count; i++)
        {
            table.CopyInput(rows[i], input);
            probabilities[i] = Calibrator.Probability(Forest.Score(input));
        }

        return probabilities;
    }

    public static float[] RawScores(CompiledForest forest, ExampleTable table, IReadOnlyList<int> rows)
    {
        var scores = new float[rows.Count];
        var input = new float[table.InputLength];
        for (var i = 0; i < rows.Count; i++)
        {
            table.CopyInput(rows[i], input);
            scores[i] = forest.Score(input);
        }

        return scores;
    }

    /// <summary>Saves the ML.NET transformer as a zip that <c>MLContext.Model.Load</c> reads.</summary>
    public void SaveMlNet(string path)
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Forest.FeatureCount);
        var input = ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>(), schema);
        ml.Model.Save(Trees, input.Schema, path);
    }
}
