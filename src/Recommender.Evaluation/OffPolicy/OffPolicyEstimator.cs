namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Estimates, from a log gathered by one policy (π0), the expected reward per decision that another policy (π, the
/// target) would have earned on the same decisions: V(π) = E_x E_{a~π(·|x)} E[r | x, a]. Every estimator checks the
/// log the same way, returns a percentile bootstrap interval over decisions, the effective sample size and plain
/// warnings. The four estimators are the sealed subclasses; outside code uses them, it does not add more.
/// </summary>
public abstract class OffPolicyEstimator
{
    private protected OffPolicyEstimator(OffPolicyOptions? options)
    {
        options ??= new OffPolicyOptions();
        options.Validate();
        Options = options;
    }

    public OffPolicyOptions Options { get; }

    /// <summary>Short name, as in <c>report.json</c>: <c>ips</c>, <c>snips</c>, <c>dm</c> or <c>dr</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Name for people, used in messages.</summary>
    public abstract string DisplayName { get; }

    /// <summary>Whether the estimator weights decisions by π/π0 (and so needs logging propensities).</summary>
    private protected abstract bool UsesWeights { get; }

    /// <summary>Whether the estimator needs the target's full distribution and the reward model (<see cref="BanditLog.Target"/>).</summary>
    private protected abstract bool UsesRewardModel { get; }

    /// <summary>The four estimators with the same options, in the order a report lists them.</summary>
    public static IReadOnlyList<OffPolicyEstimator> All(OffPolicyOptions? options = null) =>
    [
        new InverseProbabilityWeighting(options),
        new SelfNormalizedInverseProbabilityWeighting(options),
        new DirectMethod(options),
        new DoublyRobust(options),
    ];

    /// <exception cref="InvalidBanditLogException">The log cannot be used; the message says which column and row, and why.</exception>
    public OffPolicyEstimate Estimate(BanditLog log)
    {
        var (terms, prepared) = Prepare(log);
        var (low, high) = PercentileBootstrap.Interval(
            terms, prepared.Clusters, prepared.ClusterCount, Options.BootstrapResamples, Options.ConfidenceLevel, Options.Seed);
        var ess = UsesWeights ? OverlapDiagnostics.EffectiveSampleSize(prepared.Weights) : prepared.Count;
        return new OffPolicyEstimate
        {
            Estimator = Name,
            Value = terms.Value,
            CiLow = low,
            CiHigh = high,
            ConfidenceLevel = Options.ConfidenceLevel,
            EffectiveSampleSize = ess,
            Decisions = prepared.Count,
            Clusters = prepared.Clusters is null ? null : prepared.ClusterCount,
            SkippedDecisions = prepared.Skipped,
            ClippedDecisions = prepared.Clipped,
            LargestWeight = UsesWeights ? prepared.LargestWeight : null,
            Warnings = OverlapDiagnostics.Warnings(prepared, Options, UsesWeights, ess),
        };
    }

    /// <summary>The checked log and its per-decision terms: what <see cref="PairedBootstrap"/> resamples for two policies at once.</summary>
    internal (RatioTerms Terms, PreparedLog Log) Prepare(BanditLog log)
    {
        var prepared = BanditLogChecker.Prepare(log, Options, DisplayName, UsesWeights, UsesRewardModel);
        return (Terms(prepared), prepared);
    }

    /// <summary>The per-decision terms whose ratio of sums is the estimate.</summary>
    private protected abstract RatioTerms Terms(PreparedLog log);
}
