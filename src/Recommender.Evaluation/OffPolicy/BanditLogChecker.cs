using System.Globalization;

namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// The one place that checks a <see cref="BanditLog"/> for every estimator, so that every estimator refuses the same
/// bad input with the same message: shapes first (null, empty, lengths), then values row by row. A log that passes is
/// reduced to the <see cref="PreparedLog"/> the estimator computes with.
/// </summary>
internal static partial class BanditLogChecker
{
    /// <summary>Tolerance on a distribution summing to one: probabilities written as decimals rarely add up exactly.</summary>
    private const double SumTolerance = 1e-6;

    /// <summary>Tolerance between π(a_i | x_i) given twice, as a column and inside the distribution.</summary>
    private const double EqualTolerance = 1e-9;

    public static PreparedLog Prepare(BanditLog log, OffPolicyOptions options, string estimator, bool usesWeights, bool usesRewardModel)
    {
        ArgumentNullException.ThrowIfNull(log);
        CheckShape(log, estimator, usesRewardModel);
        CheckRows(log);
        if (log.Target is not null)
        {
            // Checked whenever present, even for IPS: the same log gets the same verdict from every estimator.
            CheckDistributions(log, log.Target);
        }

        var target = usesRewardModel ? log.Target : null;
        var n = log.Count;
        var keep = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (!usesWeights || log.LoggingPropensities[i] is not null)
            {
                keep.Add(i);
            }
        }

        if (keep.Count == 0)
        {
            throw new InvalidBanditLogException(Invariant(
                $"None of the {n} logged decisions has a logging propensity; the {estimator} needs the probability with which the logging policy took each logged action (the 'propensity' property of message_sent and decision_no_send events)."));
        }

        var rewards = new double[keep.Count];
        var weights = usesWeights ? new double[keep.Count] : [];
        var modelValues = target is null ? [] : new double[keep.Count];
        var modelLogged = target is null ? [] : new double[keep.Count];
        double largest = 0;
        var clipped = 0;
        for (var k = 0; k < keep.Count; k++)
        {
            var i = keep[k];
            rewards[k] = log.Rewards[i];
            if (usesWeights)
            {
                var w = log.TargetPropensities[i] / log.LoggingPropensities[i]!.Value * (log.TimingRatios?[i] ?? 1);
                largest = Math.Max(largest, w);
                if (options.MaxWeight is { } max && w > max)
                {
                    w = max;
                    clipped++;
                }

                weights[k] = w;
            }

            if (target is not null)
            {
                for (var e = target.Offsets[i]; e < target.Offsets[i + 1]; e++)
                {
                    modelValues[k] += target.Probabilities[e] * target.PredictedRewards[e];
                    if (string.Equals(target.Actions[e], log.Actions[i], StringComparison.Ordinal))
                    {
                        modelLogged[k] = target.PredictedRewards[e];
                    }
                }
            }
        }

        var (clusters, clusterCount) = NumberClusters(log, keep);
        var (mass, unsupported) = Unsupported(log, keep);
        return new PreparedLog
        {
            OtherTimingShare = OtherTiming(log, keep),
            TotalDecisions = n,
            Skipped = n - keep.Count,
            Rewards = rewards,
            Weights = weights,
            LargestWeight = largest,
            Clipped = clipped,
            ModelValues = modelValues,
            ModelLoggedRewards = modelLogged,
            UnsupportedMass = mass,
            UnsupportedActions = unsupported,
            Clusters = clusters,
            ClusterCount = clusterCount,
        };
    }

    private static (int[]? Clusters, int Count) NumberClusters(BanditLog log, List<int> keep)
    {
        if (log.Clusters is null)
        {
            return (null, keep.Count);
        }

        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var clusters = new int[keep.Count];
        for (var k = 0; k < keep.Count; k++)
        {
            var name = log.Clusters[keep[k]];
            if (!numbers.TryGetValue(name, out var number))
            {
                numbers[name] = number = numbers.Count;
            }

            clusters[k] = number;
        }

        return (clusters, numbers.Count);
    }

    private static void CheckShape(BanditLog log, string estimator, bool usesRewardModel)
    {
        Require(log.Actions, "BanditLog.Actions");
        Require(log.LoggingPropensities, "BanditLog.LoggingPropensities");
        Require(log.Rewards, "BanditLog.Rewards");
        Require(log.TargetPropensities, "BanditLog.TargetPropensities");
        var n = log.Actions.Length;
        if (n == 0)
        {
            throw new InvalidBanditLogException("The log is empty: BanditLog.Actions holds no logged decision to evaluate.");
        }

        SameLength(log.LoggingPropensities.Length, "BanditLog.LoggingPropensities", n, "BanditLog.Actions");
        SameLength(log.Rewards.Length, "BanditLog.Rewards", n, "BanditLog.Actions");
        SameLength(log.TargetPropensities.Length, "BanditLog.TargetPropensities", n, "BanditLog.Actions");
        if (log.Clusters is not null)
        {
            SameLength(log.Clusters.Length, "BanditLog.Clusters", n, "BanditLog.Actions");
        }

        if (log.TimingRatios is not null)
        {
            SameLength(log.TimingRatios.Length, "BanditLog.TimingRatios", n, "BanditLog.Actions");
        }

        if (log.Target is not { } target)
        {
            if (usesRewardModel)
            {
                throw new InvalidBanditLogException(
                    $"The {estimator} needs BanditLog.Target (the target policy's full distribution with the reward model's prediction per action); it is null.");
            }

            return;
        }

        Require(target.Offsets, "BanditLog.Target.Offsets");
        Require(target.Actions, "BanditLog.Target.Actions");
        Require(target.Probabilities, "BanditLog.Target.Probabilities");
        Require(target.PredictedRewards, "BanditLog.Target.PredictedRewards");
        if (target.Offsets.Length != n + 1)
        {
            throw new InvalidBanditLogException(Invariant(
                $"BanditLog.Target.Offsets has {target.Offsets.Length} entries but BanditLog.Actions has {n} rows; it needs one per logged decision plus one ({n + 1})."));
        }

        var entries = target.Actions.Length;
        SameLength(target.Probabilities.Length, "BanditLog.Target.Probabilities", entries, "BanditLog.Target.Actions", "entries", "one value per entry");
        SameLength(target.PredictedRewards.Length, "BanditLog.Target.PredictedRewards", entries, "BanditLog.Target.Actions", "entries", "one value per entry");
        if (target.Offsets[0] != 0)
        {
            throw new InvalidBanditLogException(Invariant($"BanditLog.Target.Offsets[0] = {target.Offsets[0]}; it must be 0."));
        }

        for (var i = 1; i <= n; i++)
        {
            if (target.Offsets[i] < target.Offsets[i - 1])
            {
                throw new InvalidBanditLogException(Invariant(
                    $"BanditLog.Target.Offsets[{i}] = {target.Offsets[i]} is smaller than Offsets[{i - 1}] = {target.Offsets[i - 1]}; offsets must not decrease."));
            }
        }

        if (target.Offsets[n] != entries)
        {
            throw new InvalidBanditLogException(Invariant(
                $"BanditLog.Target.Offsets[{n}] = {target.Offsets[n]}; the last offset must equal the number of entries in BanditLog.Target.Actions ({entries})."));
        }
    }

    private static void CheckRows(BanditLog log)
    {
        for (var i = 0; i < log.Count; i++)
        {
            if (string.IsNullOrEmpty(log.Actions[i]))
            {
                throw new InvalidBanditLogException(Invariant(
                    $"BanditLog.Actions[{i}] is empty; every logged decision needs its action (a message id or the no-send key)."));
            }

            if (log.LoggingPropensities[i] is { } p)
            {
                CheckProbability(p, Invariant($"BanditLog.LoggingPropensities[{i}]"), zeroAllowed: false);
            }

            CheckProbability(log.TargetPropensities[i], Invariant($"BanditLog.TargetPropensities[{i}]"), zeroAllowed: true);
            CheckFinite(log.Rewards[i], Invariant($"BanditLog.Rewards[{i}]"), "rewards");
            if (log.TimingRatios is { } ratios && !(ratios[i] >= 0 && double.IsFinite(ratios[i])))
            {
                throw new InvalidBanditLogException(Invariant(
                    $"BanditLog.TimingRatios[{i}] = {ratios[i]}; a ratio of two probabilities of the logged instant and channel must be finite and at least 0."));
            }

            if (log.Clusters is not null && string.IsNullOrEmpty(log.Clusters[i]))
            {
                throw new InvalidBanditLogException(Invariant(
                    $"BanditLog.Clusters[{i}] is empty; give every decision its cluster (the user id), or set no clusters at all to resample single decisions."));
            }
        }
    }

    private static void CheckProbability(double value, string what, bool zeroAllowed)
    {
        var range = zeroAllowed ? "[0, 1]" : "(0, 1]";
        if (double.IsNaN(value))
        {
            throw new InvalidBanditLogException($"{what} is NaN; expected a probability in {range}.");
        }

        if (value > 1 || value < 0 || (!zeroAllowed && value == 0))
        {
            throw new InvalidBanditLogException(Invariant($"{what} = {value} is outside {range}."));
        }
    }

    private static void CheckFinite(double value, string what, string kind)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidBanditLogException(Invariant($"{what} = {value}; {kind} must be finite numbers."));
        }
    }

    private static void Require<T>(T[]? column, string name)
    {
        if (column is null)
        {
            throw new InvalidBanditLogException($"{name} is null; every column needs one value per logged decision.");
        }
    }

    private static void SameLength(
        int length, string name, int expected, string reference, string unit = "rows", string rule = "one value per logged decision")
    {
        if (length != expected)
        {
            throw new InvalidBanditLogException(Invariant(
                $"{name} has {length} {unit} but {reference} has {expected}; every column needs {rule}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
