namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Something an analyst should know before trusting an estimate, in plain words. Returned with the estimate,
/// never thrown: a weak estimate is still an answer, and the report shows the warning next to it.
/// </summary>
/// <param name="Code">Stable identifier for tooling: one of the constants below.</param>
/// <param name="Message">The explanation for people, with the numbers behind it.</param>
public sealed record OffPolicyWarning(string Code, string Message)
{
    /// <summary>Decisions without a logging propensity were left out.</summary>
    public const string MissingPropensities = "missing_propensities";

    /// <summary>The effective sample size is a small share of the decisions.</summary>
    public const string LowEffectiveSampleSize = "low_effective_sample_size";

    /// <summary>Some importance weights are very large: a few decisions dominate.</summary>
    public const string LargeWeights = "large_weights";

    /// <summary>The target puts probability on actions the log never shows.</summary>
    public const string UnsupportedActions = "unsupported_actions";

    /// <summary>A target that chooses the instant and channel would send many logged messages at other instants or on other channels than the log did.</summary>
    public const string OtherTiming = "other_timing";
}
