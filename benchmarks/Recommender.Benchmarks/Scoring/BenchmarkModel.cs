using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Recommender.Benchmarks.Scoring;

/// <summary>
/// A production-sized LightGBM binary model (100 features, 300 trees of up to 31 leaves) trained on seeded
/// synthetic rows, plus rows to score that the model has not seen (5% missing values, as live features have).
/// </summary>
internal sealed class BenchmarkModel
{
    public const int FeatureCount = 100;

    private BenchmarkModel(
        MLContext context, SchemaDefinition schema, ITransformer transformer,
        CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model, float[][] rows)
    {
        Context = context;
        Schema = schema;
        Transformer = transformer;
        Model = model;
        Rows = rows;
    }

    public MLContext Context { get; }

    public SchemaDefinition Schema { get; }

    public ITransformer Transformer { get; }

    public CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> Model { get; }

    public float[][] Rows { get; }

    public static BenchmarkModel Train(int trees = 300, int leaves = 31, int trainingRows = 20_000, int scoringRows = 1_024)
    {
        var context = new MLContext(seed: 42);
        var schema = SchemaDefinition.Create(typeof(InputRow));
        schema[nameof(InputRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);

        var data = context.Data.LoadFromEnumerable(Generate(trainingRows, new Random(42)), schema);
        var trainer = context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.05,
            Seed = 42,
            Deterministic = true,
            NumberOfThreads = 1,
            Silent = true,
        });
        var transformer = trainer.Fit(data);
        var rows = Generate(scoringRows, new Random(43)).Select(r => r.Features).ToArray();
        return new BenchmarkModel(context, schema, transformer, transformer.Model, rows);
    }

    public PredictionEngine<InputRow, OutputRow> CreateEngine() =>
        Context.Model.CreatePredictionEngine<InputRow, OutputRow>(Transformer, inputSchemaDefinition: Schema);

    private static IEnumerable<InputRow> Generate(int count, Random random)
    {
        for (int r = 0; r < count; r++)
        {
            var x = new float[FeatureCount];
            for (int f = 0; f < FeatureCount; f++)
                x[f] = random.NextDouble() < 0.05 ? float.NaN : (float)((random.NextDouble() * 2) - 1);

            double z = 0;
            for (int f = 0; f + 2 < FeatureCount; f += 3)
            {
                float a = float.IsNaN(x[f]) ? 0.3f : x[f], b = float.IsNaN(x[f + 1]) ? 0 : x[f + 1], c = float.IsNaN(x[f + 2]) ? 0 : x[f + 2];
                z += (a * b) + (0.5 * Math.Sin(3 * c)) + (a > 0.5 ? 0.3 : -0.1);
            }

            yield return new InputRow { Label = random.NextDouble() < 1 / (1 + Math.Exp(-z / 3)), Features = x };
        }
    }
}

public sealed class InputRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}

public sealed class OutputRow
{
    public float Score { get; set; }

    public float Probability { get; set; }
}
