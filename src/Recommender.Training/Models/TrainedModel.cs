using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Recommender.Training.Models;

/// <summary>A grown LightGBM model and its calibration, as ML.NET transformers.</summary>
internal sealed class TrainedModel
{
    private readonly MLContext _ml;

    public TrainedModel(MLContext ml, ITransformer trees, ITransformer calibration, int inputLength)
    {
        _ml = ml;
        Trees = trees;
        Calibration = calibration;
        InputLength = inputLength;
        Pipeline = new TransformerChain<ITransformer>(trees, calibration);
    }

    public ITransformer Trees { get; }

    public ITransformer Calibration { get; }

    /// <summary>Trees then calibration: what the bundle's ML.NET zip holds.</summary>
    public TransformerChain<ITransformer> Pipeline { get; }

    public int InputLength { get; }

    /// <summary>The LightGBM ensemble itself, without ML.NET's calibrator (for compiling and inspecting the trees).</summary>
    public LightGbmBinaryModelParameters Forest =>
        ((BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>)Trees)
            .Model.SubModel;

    /// <summary>Calibrated probabilities of <paramref name="rows"/> of <paramref name="table"/>, in row order.</summary>
    public double[] Predict(ExampleTable table, IReadOnlyList<int> rows)
    {
        var scored = Pipeline.Transform(ModelInput.View(_ml, table, rows, _ => false));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    /// <summary>Raw scores (the trees' margin) of <paramref name="rows"/>.</summary>
    public float[] RawScores(ExampleTable table, IReadOnlyList<int> rows)
    {
        var scored = Trees.Transform(ModelInput.View(_ml, table, rows, _ => false));
        return scored.GetColumn<float>("Score").ToArray();
    }

    public void Save(string path)
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, InputLength);
        var input = _ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>(), schema);
        _ml.Model.Save(Pipeline, input.Schema, path);
    }
}
