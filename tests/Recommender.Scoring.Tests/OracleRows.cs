using Microsoft.ML.Trainers.FastTree;

namespace Recommender.Scoring.Tests;

/// <summary>
/// Feature vectors that probe every corner of the split semantics: ordinary rows, NaN anywhere, infinities and
/// other extremes, and values exactly at, just below and just above the model's own thresholds.
/// </summary>
internal static class OracleRows
{
    public static List<float[]> Build(RegressionTreeEnsemble ensemble, int featureCount, int count, int seed)
    {
        var random = new Random(seed);
        var thresholds = ThresholdsByFeature(ensemble, featureCount);
        float[] extremes =
        [
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue,
            0f, -0f, float.Epsilon, -float.Epsilon, 1e30f, -1e30f,
        ];

        var rows = new List<float[]>(count);
        foreach (var row in SyntheticData.Generate(count * 2 / 5, featureCount, seed))
            rows.Add(row.Features);

        while (rows.Count < count)
        {
            var kind = rows.Count % 3;
            var x = new float[featureCount];
            for (int f = 0; f < featureCount; f++)
            {
                x[f] = (float)((random.NextDouble() * 2) - 1);
                if (kind == 0 && random.NextDouble() < 0.25)
                    x[f] = float.NaN;
                else if (kind == 1 && random.NextDouble() < 0.3)
                    x[f] = extremes[random.Next(extremes.Length)];
                else if (kind == 2 && thresholds[f].Count > 0)
                {
                    float t = thresholds[f][random.Next(thresholds[f].Count)];
                    x[f] = random.Next(3) switch { 0 => t, 1 => MathF.BitDecrement(t), _ => MathF.BitIncrement(t) };
                }
            }

            rows.Add(x);
        }

        return rows;
    }

    private static List<float>[] ThresholdsByFeature(RegressionTreeEnsemble ensemble, int featureCount)
    {
        var thresholds = Enumerable.Range(0, featureCount).Select(_ => new List<float>()).ToArray();
        foreach (var tree in ensemble.Trees)
        {
            for (int node = 0; node < tree.NumberOfNodes; node++)
            {
                if (!tree.CategoricalSplitFlags[node])
                    thresholds[tree.NumericalSplitFeatureIndexes[node]].Add(tree.NumericalSplitThresholds[node]);
            }
        }

        return thresholds;
    }
}
