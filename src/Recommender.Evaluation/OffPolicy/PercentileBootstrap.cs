using MathNet.Numerics.Statistics;
using Recommender.Core.Randomness;

namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Percentile bootstrap over decisions (Efron &amp; Tibshirani 1993, ch. 13): draw n decisions with replacement,
/// recompute the estimate, repeat, and take the empirical quantiles of the replicates. It needs no variance formula,
/// so the ratio (SNIPS) and the clipped estimators get their intervals the same way as the plain means.
/// </summary>
internal static class PercentileBootstrap
{
    public static (double Low, double High) Interval(RatioTerms terms, int resamples, double level, ulong seed)
    {
        var n = terms.Count;
        var numerators = terms.Numerators;
        var denominators = terms.Denominators;
        var rng = new DeterministicRandom(seed);
        var replicates = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            double numerator = 0, denominator = 0;
            for (var j = 0; j < n; j++)
            {
                var k = rng.NextInt(n);
                numerator += numerators[k];
                denominator += denominators is null ? 1 : denominators[k];
            }

            replicates[b] = denominator == 0 ? 0 : numerator / denominator;
        }

        Array.Sort(replicates);
        var alpha = (1 - level) / 2;
        // R7 (linear interpolation between order statistics), the default of R and NumPy, so analysts can reproduce it.
        return (SortedArrayStatistics.QuantileCustom(replicates, alpha, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(replicates, 1 - alpha, QuantileDefinition.R7));
    }
}
