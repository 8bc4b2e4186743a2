namespace Recommender.Evaluation.OffPolicy;

/// <summary>An estimator's answer: the estimated value of the target policy per decision, its interval and diagnostics.</summary>
public sealed record OffPolicyEstimate
{
    /// <summary>Short name of the estimator (<c>ips</c>, <c>snips</c>, <c>dm</c>, <c>dr</c>), as in <c>report.json</c>.</summary>
    public required string Estimator { get; init; }

    /// <summary>Estimated expected reward per decision under the target policy.</summary>
    public required double Value { get; init; }

    /// <summary>Lower end of the percentile bootstrap interval.</summary>
    public required double CiLow { get; init; }

    /// <summary>Upper end of the percentile bootstrap interval.</summary>
    public required double CiHigh { get; init; }

    public required double ConfidenceLevel { get; init; }

    /// <summary>
    /// (Σw)² / Σw² over the importance weights used (Kong 1992): how many decisions drawn from the target policy
    /// itself the weighted log is worth. The direct method weights nothing and reports the number of decisions.
    /// </summary>
    public required double EffectiveSampleSize { get; init; }

    /// <summary>Decisions the estimate averages over.</summary>
    public required int Decisions { get; init; }

    /// <summary>Clusters the bootstrap resampled (<see cref="BanditLog.Clusters"/>); null when it resampled single decisions.</summary>
    public required int? Clusters { get; init; }

    /// <summary>Decisions left out because they had no logging propensity.</summary>
    public required int SkippedDecisions { get; init; }

    /// <summary>Decisions whose weight was cut to <see cref="OffPolicyOptions.MaxWeight"/>.</summary>
    public required int ClippedDecisions { get; init; }

    /// <summary>Largest importance weight π/π0 before clipping; null for the direct method, which uses none.</summary>
    public required double? LargestWeight { get; init; }

    public required IReadOnlyList<OffPolicyWarning> Warnings { get; init; }

    /// <summary>Whether the interval contains <paramref name="value"/>.</summary>
    public bool Covers(double value) => CiLow <= value && value <= CiHigh;
}
