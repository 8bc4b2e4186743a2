namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// A checked log reduced to what the estimators compute with, for the decisions they use (those with a logging
/// propensity, when the estimator weights). Built once per estimate by <see cref="BanditLogChecker"/>.
/// </summary>
internal sealed class PreparedLog
{
    public required int TotalDecisions { get; init; }

    /// <summary>Decisions left out for want of a logging propensity.</summary>
    public required int Skipped { get; init; }

    public required double[] Rewards { get; init; }

    /// <summary>w_i = min(π(a_i | x_i) / p_i, λ); empty when the estimator does not weight.</summary>
    public required double[] Weights { get; init; }

    /// <summary>Largest π/p before clipping; 0 when not weighting.</summary>
    public required double LargestWeight { get; init; }

    public required int Clipped { get; init; }

    /// <summary>Σ_a π(a | x_i) q̂(x_i, a); empty without a reward model.</summary>
    public required double[] ModelValues { get; init; }

    /// <summary>q̂(x_i, a_i); empty without a reward model.</summary>
    public required double[] ModelLoggedRewards { get; init; }

    /// <summary>Average per decision of the target probability on actions no used decision ever logged.</summary>
    public required double UnsupportedMass { get; init; }

    /// <summary>Those actions, most target mass first.</summary>
    public required IReadOnlyList<string> UnsupportedActions { get; init; }

    /// <summary>
    /// For a target that also chooses the instant and channel: its estimated probability, given a logged message, of
    /// instants and channels the log never shows. 0 otherwise.
    /// </summary>
    public double OtherTimingShare { get; init; }

    /// <summary>Cluster number (0 to <see cref="ClusterCount"/> − 1) of each used decision; null to resample decisions.</summary>
    public required int[]? Clusters { get; init; }

    public required int ClusterCount { get; init; }

    public int Count => Rewards.Length;
}
