namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Direct method (DM):
/// <code>
/// V̂_DM = (1/n) Σᵢ Σₐ π(a | xᵢ) q̂(xᵢ, a)
/// </code>
/// Asks a reward model q̂ what each action would earn in each logged context and averages under the target policy.
/// Uses no propensities and has a small variance, but inherits every bias of the reward model, and the interval
/// (a bootstrap over contexts with q̂ held fixed) does not include the model's own error.
/// </summary>
/// <remarks>
/// A. Beygelzimer and J. Langford, "The offset tree for learning with partial labels", KDD 2009 (the direct method
/// as the baseline that regresses rewards and plugs the regression into the target policy).
/// </remarks>
public sealed class DirectMethod(OffPolicyOptions? options = null) : OffPolicyEstimator(options)
{
    public override string Name => "dm";

    public override string DisplayName => "direct method (DM) estimator";

    private protected override bool UsesWeights => false;

    private protected override bool UsesRewardModel => true;

    private protected override RatioTerms Terms(PreparedLog log) => new((double[])log.ModelValues.Clone(), null);
}
