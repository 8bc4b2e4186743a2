using System.Globalization;
using MathNet.Numerics.Statistics;
using Recommender.Core.Randomness;

namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Champion / challenger on one log: the difference V̂(challenger) − V̂(champion) of one estimator, with a percentile
/// bootstrap interval in which <em>both</em> policies are re-estimated on the same resample of users (or decisions).
/// Two separate intervals that overlap say little: most of each interval's width is which users happened to be
/// logged, and that luck is shared by both policies. Resampling them together cancels it, so a real difference much
/// smaller than either interval is still resolved.
/// </summary>
/// <remarks>
/// Efron &amp; Tibshirani 1993, ch. 13 (percentile interval) applied to a paired statistic; with clusters, whole
/// clusters are drawn (Davison &amp; Hinkley 1997, §3.8). The verdict: the interval above zero means the challenger
/// earns more of the metric, below zero less, containing zero "not distinguishable" at that confidence.
/// </remarks>
public static class PairedBootstrap
{
    /// <param name="challenger">The new policy's log.</param>
    /// <param name="champion">The current policy's log: the same decisions, actions, propensities, rewards and clusters.</param>
    /// <param name="higherIsBetter">False for metrics to keep low (unsubscribes): then more is worse.</param>
    /// <exception cref="InvalidBanditLogException">A log is invalid, or the two logs do not hold the same decisions.</exception>
    public static PairedComparison Compare(OffPolicyEstimator estimator, BanditLog challenger, BanditLog champion, bool higherIsBetter = true)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);
        CheckSameDecisions(challenger, champion);
        var (a, preparedA) = estimator.Prepare(challenger);
        var (b, _) = estimator.Prepare(champion);

        // Both logs keep the same decisions (the same propensities are missing), so one unit index serves both.
        var units = Units(a, b, preparedA.Clusters, preparedA.ClusterCount);
        var options = estimator.Options;
        var replicates = new double[options.BootstrapResamples];
        var rng = new DeterministicRandom(options.Seed);
        var n = units.Length;
        for (var r = 0; r < replicates.Length; r++)
        {
            double na = 0, da = 0, nb = 0, db = 0;
            for (var j = 0; j < n; j++)
            {
                // Multiply-shift onto [0, n), as in PercentileBootstrap.
                var u = units[(int)(((rng.NextUInt64() >> 32) * (ulong)n) >> 32)];
                na += u.Na;
                da += u.Da;
                nb += u.Nb;
                db += u.Db;
            }

            replicates[r] = Ratio(na, da) - Ratio(nb, db);
        }

        Array.Sort(replicates);
        var alpha = (1 - options.ConfidenceLevel) / 2;
        var low = SortedArrayStatistics.QuantileCustom(replicates, alpha, QuantileDefinition.R7);
        var high = SortedArrayStatistics.QuantileCustom(replicates, 1 - alpha, QuantileDefinition.R7);
        var verdict = low > 0 ? (higherIsBetter ? Verdicts.Better : Verdicts.Worse)
            : high < 0 ? (higherIsBetter ? Verdicts.Worse : Verdicts.Better)
            : Verdicts.NotDistinguishable;
        return new PairedComparison(estimator.Name, a.Value - b.Value, low, high, options.ConfidenceLevel, verdict);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static Unit[] Units(RatioTerms a, RatioTerms b, int[]? clusters, int clusterCount)
    {
        var units = new Unit[clusters is null ? a.Count : clusterCount];
        for (var i = 0; i < a.Count; i++)
        {
            ref var u = ref units[clusters?[i] ?? i];
            u.Na += a.Numerators[i];
            u.Da += a.Denominators?[i] ?? 1;
            u.Nb += b.Numerators[i];
            u.Db += b.Denominators?[i] ?? 1;
        }

        return units;
    }

    private static void CheckSameDecisions(BanditLog challenger, BanditLog champion)
    {
        string? problem = null;
        if (challenger.Count != champion.Count)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the challenger's log holds {challenger.Count} decisions and the champion's {champion.Count}");
        }
        else if (!challenger.Actions.AsSpan().SequenceEqual(champion.Actions))
        {
            problem = "their logged actions differ";
        }
        else if (!challenger.LoggingPropensities.AsSpan().SequenceEqual(champion.LoggingPropensities))
        {
            problem = "their logging propensities differ";
        }
        else if (!challenger.Rewards.AsSpan().SequenceEqual(champion.Rewards))
        {
            problem = "their rewards differ";
        }
        else if (!(challenger.Clusters ?? []).AsSpan().SequenceEqual(champion.Clusters ?? []))
        {
            problem = "their clusters differ";
        }

        if (problem is not null)
        {
            throw new InvalidBanditLogException(
                $"A paired comparison needs both policies evaluated on the same logged decisions, but {problem}. Build both logs from one replay of the log, changing only the target policy.");
        }
    }

    private struct Unit
    {
        public double Na;
        public double Da;
        public double Nb;
        public double Db;
    }
}

/// <summary>The values of <see cref="PairedComparison.Verdict"/>.</summary>
public static class Verdicts
{
    public const string Better = "better";
    public const string Worse = "worse";
    public const string NotDistinguishable = "not_distinguishable";
}

/// <summary>The challenger's estimated value minus the champion's, its paired interval and the verdict.</summary>
/// <param name="Verdict">One of <see cref="Verdicts"/>: whether the challenger is better for the metric.</param>
public sealed record PairedComparison(string Estimator, double Difference, double CiLow, double CiHigh, double ConfidenceLevel, string Verdict);
