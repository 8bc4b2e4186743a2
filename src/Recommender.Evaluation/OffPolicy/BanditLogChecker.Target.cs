namespace Recommender.Evaluation.OffPolicy;

/// <summary>The checks and summaries of the target's full distributions, which only DM and DR need.</summary>
internal static partial class BanditLogChecker
{
    private static void CheckDistributions(BanditLog log, TargetDistributions target)
    {
        for (var i = 0; i < log.Count; i++)
        {
            var sum = 0.0;
            double? logged = null;
            for (var e = target.Offsets[i]; e < target.Offsets[i + 1]; e++)
            {
                var action = target.Actions[e];
                if (string.IsNullOrEmpty(action))
                {
                    throw new InvalidBanditLogException(Invariant($"BanditLog.Target.Actions[{e}] (decision {i}) is empty; every entry needs its action."));
                }

                for (var other = target.Offsets[i]; other < e; other++)
                {
                    if (string.Equals(target.Actions[other], action, StringComparison.Ordinal))
                    {
                        throw new InvalidBanditLogException(Invariant($"Decision {i} lists action '{action}' twice in BanditLog.Target; give each action once."));
                    }
                }

                CheckProbability(target.Probabilities[e], Invariant($"BanditLog.Target.Probabilities[{e}] (decision {i}, action '{action}')"), zeroAllowed: true);
                CheckFinite(target.PredictedRewards[e], Invariant($"BanditLog.Target.PredictedRewards[{e}] (decision {i}, action '{action}')"), "predicted rewards");
                sum += target.Probabilities[e];
                if (string.Equals(action, log.Actions[i], StringComparison.Ordinal))
                {
                    logged = target.Probabilities[e];
                }
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                throw new InvalidBanditLogException(Invariant(
                    $"The target probabilities of decision {i} sum to {sum}; a policy's distribution over the actions must sum to 1."));
            }

            if (logged is not { } p)
            {
                throw new InvalidBanditLogException(Invariant(
                    $"Decision {i}'s target distribution has no entry for its logged action '{log.Actions[i]}'; list it (with probability 0 if the target never takes it) so that the reward model's prediction for it is known."));
            }

            if (Math.Abs(p - log.TargetPropensities[i]) > EqualTolerance)
            {
                throw new InvalidBanditLogException(Invariant(
                    $"BanditLog.TargetPropensities[{i}] = {log.TargetPropensities[i]} but the target distribution gives the logged action '{log.Actions[i]}' probability {p}; they must agree."));
            }
        }
    }

    /// <summary>
    /// The target's probability, given a message, of instants and channels the logging policy never chose, estimated
    /// over the used decisions whose logged message the target may send (π(a_i | x_i) &gt; 0): 1 − the mean of
    /// <see cref="BanditLog.TimingRatios"/> there, since under the logging policy a ratio π(pair | m) / p(pair | m)
    /// averages the target's mass on the pairs the log can show. At least 0; 0 for a target over messages alone.
    /// </summary>
    private static double OtherTiming(BanditLog log, List<int> keep)
    {
        if (log.TimingRatios is not { } ratios)
        {
            return 0;
        }

        var (taken, sum) = (0, 0.0);
        foreach (var i in keep)
        {
            if (log.TargetPropensities[i] > 0)
            {
                taken++;
                sum += ratios[i];
            }
        }

        return taken == 0 ? 0 : Math.Max(0, 1 - sum / taken);
    }

    /// <summary>Target mass on actions that none of the used decisions logged: there the log holds no outcome to learn from.</summary>
    private static (double Mass, IReadOnlyList<string> Actions) Unsupported(BanditLog log, List<int> keep)
    {
        if (log.Target is not { } target)
        {
            return (0, []);
        }

        var logged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in keep)
        {
            logged.Add(log.Actions[i]);
        }

        var massByAction = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var i in keep)
        {
            for (var e = target.Offsets[i]; e < target.Offsets[i + 1]; e++)
            {
                if (target.Probabilities[e] > 0 && !logged.Contains(target.Actions[e]))
                {
                    massByAction[target.Actions[e]] = massByAction.GetValueOrDefault(target.Actions[e]) + target.Probabilities[e];
                }
            }
        }

        var actions = massByAction.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        return (massByAction.Values.Sum() / keep.Count, actions);
    }
}
