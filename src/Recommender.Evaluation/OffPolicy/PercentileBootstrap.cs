using MathNet.Numerics.Statistics;
using Recommender.Core.Randomness;

namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13): draw the decisions again with replacement, recompute the
/// estimate, repeat, and take the empirical quantiles of the replicates. It needs no variance formula, so the ratio
/// (SNIPS) and the clipped estimators get their intervals the same way as the plain means. With clusters, whole
/// clusters are drawn (the cluster bootstrap, Davison &amp; Hinkley 1997, §3.8), keeping each user's decisions together.
/// </summary>
internal static class PercentileBootstrap
{
    public static (double Low, double High) Interval(RatioTerms terms, int[]? clusters, int clusterCount, int resamples, double level, ulong seed)
    {
        // Each unit (a decision, or a cluster's sums) enters a replicate whole, so the replicate is Σ units drawn.
        var (numerators, denominators) = clusters is null ? Units(terms) : ClusterSums(terms, clusters, clusterCount);
        var n = numerators.Length;
        var bound = (ulong)n;
        var rng = new DeterministicRandom(seed);
        var replicates = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            double numerator = 0, denominator = 0;
            for (var j = 0; j < n; j++)
            {
                // Multiply-shift (Lemire 2019) maps 32 random bits onto [0, n): the hot loop of every estimate, and its
                // bias (under n / 2³² per index) is far below anything a bootstrap can resolve.
                var k = (int)(((rng.NextUInt64() >> 32) * bound) >> 32);
                numerator += numerators[k];
                denominator += denominators[k];
            }

            replicates[b] = denominator == 0 ? 0 : numerator / denominator;
        }

        Array.Sort(replicates);
        var alpha = (1 - level) / 2;
        // R7 (linear interpolation between order statistics), the default of R and NumPy, so analysts can reproduce it.
        return (SortedArrayStatistics.QuantileCustom(replicates, alpha, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(replicates, 1 - alpha, QuantileDefinition.R7));
    }

    private static (double[] Numerators, double[] Denominators) Units(RatioTerms terms)
    {
        if (terms.Denominators is { } denominators)
        {
            return (terms.Numerators, denominators);
        }

        var ones = new double[terms.Count];
        Array.Fill(ones, 1.0);
        return (terms.Numerators, ones);
    }

    private static (double[] Numerators, double[] Denominators) ClusterSums(RatioTerms terms, int[] clusters, int clusterCount)
    {
        var numerators = new double[clusterCount];
        var denominators = new double[clusterCount];
        for (var i = 0; i < clusters.Length; i++)
        {
            numerators[clusters[i]] += terms.Numerators[i];
            denominators[clusters[i]] += terms.Denominators?[i] ?? 1;
        }

        return (numerators, denominators);
    }
}
