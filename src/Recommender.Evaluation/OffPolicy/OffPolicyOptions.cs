namespace Recommender.Evaluation.OffPolicy;

/// <summary>Settings shared by every off-policy estimator. The defaults suit a log of thousands of decisions.</summary>
public sealed record OffPolicyOptions
{
    /// <summary>
    /// λ: importance weights above it are cut to it (null: no clipping). Clipping trades a downward bias on the
    /// decisions the target favours most for a smaller variance (Ionides 2008; Strehl et al. 2010).
    /// </summary>
    public double? MaxWeight { get; init; }

    /// <summary>Bootstrap resamples behind the confidence interval.</summary>
    public int BootstrapResamples { get; init; } = 1_000;

    /// <summary>Coverage of the percentile bootstrap interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Seed of the bootstrap. Estimators with the same seed draw the same resamples of the same log, so their
    /// intervals differ by the estimator, not by the luck of the draw.
    /// </summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Warn when the effective sample size falls below this share of the decisions used.</summary>
    public double MinEffectiveSampleFraction { get; init; } = 0.1;

    /// <summary>Warn when an importance weight (before clipping) exceeds this.</summary>
    public double LargeWeightThreshold { get; init; } = 100;

    /// <summary>Throws, naming the option, when one is out of range.</summary>
    public void Validate()
    {
        if (MaxWeight is { } max && (double.IsNaN(max) || max <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWeight), max, "The clipping threshold must be a positive number (or null for no clipping).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BootstrapResamples, nameof(BootstrapResamples));
        if (double.IsNaN(ConfidenceLevel) || ConfidenceLevel is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "The confidence level must lie strictly between 0 and 1.");
        }

        if (double.IsNaN(MinEffectiveSampleFraction) || MinEffectiveSampleFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinEffectiveSampleFraction), MinEffectiveSampleFraction, "The fraction must lie in [0, 1].");
        }

        if (double.IsNaN(LargeWeightThreshold) || LargeWeightThreshold <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LargeWeightThreshold), LargeWeightThreshold, "The threshold must be a positive number.");
        }
    }
}
