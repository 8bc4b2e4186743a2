using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Training.Models;

namespace Recommender.Training.Bundles;

/// <summary>Scores one model of a bundle through its ML.NET pipeline. Thread-safe: engines are not, so calls take turns.</summary>
internal sealed class BundleScorer
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;
    private readonly float[] _input;

    private BundleScorer(PredictionEngine<ModelInput, ModelOutput> engine, int inputLength)
    {
        _engine = engine;
        _input = new float[inputLength];
    }

    public static BundleScorer Load(MLContext ml, string directory, string file, int inputLength)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new ModelBundleException($"The bundle in '{directory}' lacks its model file {file}. Retrain the bundle with `recommender train`.");
        }

        ITransformer model;
        DataViewSchema schema;
        try
        {
            model = ml.Model.Load(path, out schema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new ModelBundleException($"{path} is not a readable ML.NET model ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }

        var features = schema.GetColumnOrNull(ModelInput.FeaturesColumn);
        if (features?.Type is not VectorDataViewType { Size: var size } || size != inputLength)
        {
            throw new ModelBundleException(
                $"{path} takes {features?.Type.ToString() ?? "no Features column"} but the manifest names {inputLength} inputs. Retrain the bundle with `recommender train`.");
        }

        var definition = SchemaDefinition.Create(typeof(ModelInput));
        definition[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, inputLength);
        return new BundleScorer(ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model, inputSchemaDefinition: definition), inputLength);
    }

    public double Probability(ReadOnlySpan<float> features, bool send)
    {
        lock (_engine)
        {
            features.CopyTo(_input);
            _input[^1] = send ? 1f : 0f;
            return _engine.Predict(new ModelInput { Features = _input }).Probability;
        }
    }

    private sealed class ModelOutput
    {
        public float Probability { get; set; }
    }
}
