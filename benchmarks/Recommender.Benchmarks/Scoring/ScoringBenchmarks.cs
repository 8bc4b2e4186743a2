using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Recommender.Scoring;
using Recommender.Training.Compilation;

namespace Recommender.Benchmarks.Scoring;

/// <summary>
/// Time per row of ML.NET's PredictionEngine against the compiled forest on the same model and rows. Each
/// benchmark scores all <see cref="RowCount"/> rows, so the reported mean is already per row.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int RowCount = 1_024;

    private float[][] _rows = [];
    private float[] _flatRows = [];
    private float[] _scores = [];
    private InputRow _input = new();
    private PredictionEngine<InputRow, OutputRow> _engine = null!;
    private CompiledForest _forest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Train(scoringRows: RowCount);
        _rows = model.Rows;
        _flatRows = [.. _rows.SelectMany(r => r)];
        _scores = new float[RowCount];
        _engine = model.CreateEngine();
        _forest = ForestCompiler.Compile(model.Model);

        // A benchmark of a wrong answer is worthless: check both paths agree before timing them.
        foreach (var row in _rows)
        {
            _input.Features = row;
            float expected = _engine.Predict(_input).Score;
            if (expected != _forest.Score(row))
                throw new InvalidOperationException($"Compiled score {_forest.Score(row)} differs from ML.NET's {expected}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = RowCount, Description = "ML.NET PredictionEngine.Predict")]
    public float MlNetPredictionEngine()
    {
        float sum = 0;
        foreach (var row in _rows)
        {
            _input.Features = row;
            sum += _engine.Predict(_input).Score;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowCount, Description = "CompiledForest.Score")]
    public float CompiledForestScore()
    {
        float sum = 0;
        foreach (var row in _rows)
            sum += _forest.Score(row);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowCount, Description = "CompiledForest.ScoreBatch")]
    public float CompiledForestScoreBatch()
    {
        _forest.ScoreBatch(_flatRows, _scores);
        return _scores[^1];
    }
}
