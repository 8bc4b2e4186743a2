using System.Globalization;

namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// How well the log supports the target policy, and the plain warnings an analyst needs when it does not:
/// missing propensities, a small effective sample, dominant weights, target actions the log never shows.
/// </summary>
internal static class OverlapDiagnostics
{
    private const int ActionsNamed = 5;

    /// <summary>The estimate of the unseen timing mass is a mean of noisy ratios; below this it is not reported.</summary>
    private const double OtherTimingTolerance = 0.1;

    /// <summary>(Σw)² / Σw² (Kong 1992); 0 when every weight is 0.</summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> weights)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (var w in weights)
        {
            sum += w;
            sumOfSquares += w * w;
        }

        return sumOfSquares == 0 ? 0 : sum * sum / sumOfSquares;
    }

    public static IReadOnlyList<OffPolicyWarning> Warnings(PreparedLog log, OffPolicyOptions options, bool usesWeights, double effectiveSampleSize)
    {
        var warnings = new List<OffPolicyWarning>();
        if (log.Skipped > 0)
        {
            warnings.Add(new(OffPolicyWarning.MissingPropensities, Invariant(
                $"{log.Skipped:N0} of {log.TotalDecisions:N0} logged decisions have no logging propensity and were skipped; the estimate covers the other {log.Count:N0}.")));
        }

        if (usesWeights && effectiveSampleSize < options.MinEffectiveSampleFraction * log.Count)
        {
            warnings.Add(new(OffPolicyWarning.LowEffectiveSampleSize, Invariant(
                $"The effective sample size is {effectiveSampleSize:N0}, {100 * effectiveSampleSize / log.Count:F1}% of the {log.Count:N0} decisions (below {100 * options.MinEffectiveSampleFraction:G3}%): the target policy differs so much from the logging policy that the estimate rests on few decisions.")));
        }

        if (usesWeights && log.LargestWeight > options.LargeWeightThreshold)
        {
            var clipping = options.MaxWeight is { } max
                ? Invariant($" {log.Clipped:N0} weights were clipped to {max:G4}.")
                : " Consider clipping the weights (MaxWeight) or more exploration in the logging policy.";
            warnings.Add(new(OffPolicyWarning.LargeWeights, Invariant(
                $"The largest importance weight is {log.LargestWeight:G4} (above {options.LargeWeightThreshold:G4}): a few decisions the logging policy rarely made dominate the estimate.{clipping}")));
        }

        if (log.UnsupportedMass > 0)
        {
            var named = string.Join(", ", log.UnsupportedActions.Take(ActionsNamed));
            var more = log.UnsupportedActions.Count > ActionsNamed ? Invariant($" and {log.UnsupportedActions.Count - ActionsNamed} more") : "";
            warnings.Add(new(OffPolicyWarning.UnsupportedActions, Invariant(
                $"The target policy puts {100 * log.UnsupportedMass:F1}% of its probability on actions the log never shows ({named}{more}): importance weighting cannot see their outcomes, so IPS and SNIPS undercount them and DM and DR rely on the reward model alone there.")));
        }

        if (usesWeights && log.OtherTimingShare > OtherTimingTolerance)
        {
            warnings.Add(new(OffPolicyWarning.OtherTiming, Invariant(
                $"The target would send about {100 * log.OtherTimingShare:F0}% of the logged messages it may send at instants or on channels the log never shows (a log decided \"now only\" shows only sends now): importance weighting cannot see those sends' outcomes, so IPS undercounts the target's value, and SNIPS and DR rest on the sends it would make as logged.")));
        }

        return warnings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
