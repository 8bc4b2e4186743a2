using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Recommender.Scoring.Tests;

/// <summary>A LightGBM binary model trained by ML.NET on seeded synthetic rows: the oracle compiled forests are checked against.</summary>
internal sealed class TrainedModel
{
    private TrainedModel(
        MLContext context,
        SchemaDefinition schema,
        BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> transformer,
        int featureCount)
    {
        Context = context;
        Schema = schema;
        Transformer = transformer;
        FeatureCount = featureCount;
    }

    public MLContext Context { get; }

    public SchemaDefinition Schema { get; }

    public BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> Transformer { get; }

    public CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> Model => Transformer.Model;

    public int FeatureCount { get; }

    public static TrainedModel Train(int rows = 20_000, int features = 40, int trees = 30, int leaves = 12, int seed = 7)
    {
        var context = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);

        var data = context.Data.LoadFromEnumerable(SyntheticData.Generate(rows, features, seed), schema);
        var trainer = context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            Seed = seed,
            Deterministic = true,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        return new TrainedModel(context, schema, trainer.Fit(data), features);
    }

    public PredictionEngine<FeatureRow, ScoredRow> CreateEngine() =>
        Context.Model.CreatePredictionEngine<FeatureRow, ScoredRow>(Transformer, inputSchemaDefinition: Schema);
}
