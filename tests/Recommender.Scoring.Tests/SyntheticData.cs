namespace Recommender.Scoring.Tests;

/// <summary>
/// Seeded binary-classification rows whose label depends on interactions, thresholds and, for the first few
/// features, on whether the value is missing, so that trained trees use LightGBM's missing-value directions.
/// </summary>
internal static class SyntheticData
{
    public const int FeaturesWithMissingValues = 6;

    public static FeatureRow[] Generate(int rows, int features, int seed, double missingRate = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 12);

        var random = new Random(seed);
        var result = new FeatureRow[rows];
        for (int r = 0; r < rows; r++)
        {
            var x = new float[features];
            for (int f = 0; f < features; f++)
                x[f] = (float)((random.NextDouble() * 2) - 1);

            double z = (1.5 * x[0] * x[1]) - x[2] + Math.Sin(3 * x[3]) + ((x[4] > 0.2 ? 1 : -1) * x[5])
                       + (0.8 * x[6] * x[7] * x[8]) + (x[9] > 0 && x[10] > 0 ? 1 : 0) - (0.5 * x[11]);
            for (int f = 0; f < FeaturesWithMissingValues; f++)
            {
                if (random.NextDouble() < missingRate)
                {
                    x[f] = float.NaN;
                    z += f % 2 == 0 ? 0.7 : -0.7;
                }
            }

            bool label = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            result[r] = new FeatureRow { Label = label, Features = x };
        }

        return result;
    }
}
