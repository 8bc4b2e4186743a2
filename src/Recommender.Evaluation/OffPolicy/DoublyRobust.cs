namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Doubly robust (DR):
/// <code>
/// V̂_DR = (1/n) Σᵢ [ Σₐ π(a | xᵢ) q̂(xᵢ, a) + wᵢ (rᵢ − q̂(xᵢ, aᵢ)) ],   wᵢ = min(π(aᵢ | xᵢ) / π0(aᵢ | xᵢ), λ)
/// </code>
/// The direct method's answer, corrected by importance-weighting the reward model's error on the logged action.
/// Unbiased (without clipping) when the propensities are right, whatever the reward model; with a good reward model
/// the corrections are small, so its variance is lower than IPS's.
/// </summary>
/// <remarks>
/// M. Dudík, J. Langford and L. Li, "Doubly robust policy evaluation and learning", ICML 2011.
/// </remarks>
public sealed class DoublyRobust(OffPolicyOptions? options = null) : OffPolicyEstimator(options)
{
    public override string Name => "dr";

    public override string DisplayName => "doubly robust (DR) estimator";

    private protected override bool UsesWeights => true;

    private protected override bool UsesRewardModel => true;

    private protected override RatioTerms Terms(PreparedLog log)
    {
        var terms = new double[log.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = log.ModelValues[i] + log.Weights[i] * (log.Rewards[i] - log.ModelLoggedRewards[i]);
        }

        return new RatioTerms(terms, null);
    }
}
