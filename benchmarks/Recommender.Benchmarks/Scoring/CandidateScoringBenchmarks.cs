using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Recommender.Scoring;
using Recommender.Training.Compilation;

namespace Recommender.Benchmarks.Scoring;

/// <summary>
/// The serving pattern: groups of <see cref="Candidates"/> rows that share all features but the last
/// <see cref="Varying"/> (one user's candidates: the user's features are the same, the message's differ). Time per
/// row of ML.NET's PredictionEngine, of <see cref="CompiledForest.Score"/> on each assembled row, and of
/// <see cref="ForestVariants.Score"/> on each group, all on the same rows of the same 300-tree model.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CandidateScoringBenchmarks
{
    private const int Candidates = 20;
    private const int Varying = 20;
    private const int Groups = 50;
    private const int RowCount = Candidates * Groups;

    private float[][] _assembled = [];
    private float[][] _shared = [];
    private float[][] _values = [];
    private float[] _scores = [];
    private int[] _varying = [];
    private InputRow _input = new();
    private PredictionEngine<InputRow, OutputRow> _engine = null!;
    private CompiledForest _forest = null!;
    private ForestVariants _variants = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Train(scoringRows: RowCount + Groups);
        _engine = model.CreateEngine();
        _forest = ForestCompiler.Compile(model.Model);
        _varying = Enumerable.Range(BenchmarkModel.FeatureCount - Varying, Varying).ToArray();
        _variants = new ForestVariants(_forest, _varying);
        _scores = new float[Candidates];
        _shared = new float[Groups][];
        _values = new float[Groups][];
        _assembled = new float[RowCount][];
        for (int g = 0; g < Groups; g++)
        {
            _shared[g] = model.Rows[g];
            _values[g] = new float[Candidates * Varying];
            for (int r = 0; r < Candidates; r++)
            {
                var source = model.Rows[Groups + (g * Candidates) + r];
                var row = (float[])_shared[g].Clone();
                for (int j = 0; j < Varying; j++)
                    row[_varying[j]] = _values[g][(r * Varying) + j] = source[_varying[j]];
                _assembled[(g * Candidates) + r] = row;
            }
        }

        // A benchmark of a wrong answer is worthless: check the paths agree before timing them.
        for (int g = 0; g < Groups; g++)
        {
            _variants.Score(_shared[g], _values[g], _scores);
            for (int r = 0; r < Candidates; r++)
            {
                _input.Features = _assembled[(g * Candidates) + r];
                float expected = _engine.Predict(_input).Score;
                if (Math.Abs(expected - _scores[r]) > 1e-5)
                    throw new InvalidOperationException($"Variant score {_scores[r]} differs from ML.NET's {expected}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = RowCount, Description = "ML.NET PredictionEngine.Predict, per candidate row")]
    public float MlNetPredictionEngine()
    {
        float sum = 0;
        foreach (var row in _assembled)
        {
            _input.Features = row;
            sum += _engine.Predict(_input).Score;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowCount, Description = "CompiledForest.Score, per candidate row")]
    public float CompiledForestScore()
    {
        float sum = 0;
        foreach (var row in _assembled)
            sum += _forest.Score(row);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowCount, Description = "ForestVariants.Score, 20 candidates a call")]
    public float VariantScore()
    {
        float sum = 0;
        for (int g = 0; g < Groups; g++)
        {
            _variants.Score(_shared[g], _values[g], _scores);
            sum += _scores[^1];
        }

        return sum;
    }
}
