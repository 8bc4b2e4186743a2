namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Self-normalised inverse probability weighting (SNIPS):
/// <code>
/// V̂_SNIPS = Σᵢ wᵢ rᵢ / Σᵢ wᵢ,   wᵢ = min(π(aᵢ | xᵢ) / π0(aᵢ | xᵢ), λ)
/// </code>
/// Divides by the realised sum of weights instead of n, whose expectation it is. Slightly biased (the bias vanishes
/// as n grows) but invariant to adding a constant to every reward and usually far less variable than IPS, because
/// an unlucky draw of large weights inflates numerator and denominator together.
/// </summary>
/// <remarks>
/// A. Swaminathan and T. Joachims, "The self-normalized estimator for counterfactual learning", Advances in Neural
/// Information Processing Systems 28 (NeurIPS 2015).
/// </remarks>
public sealed class SelfNormalizedInverseProbabilityWeighting(OffPolicyOptions? options = null) : OffPolicyEstimator(options)
{
    public override string Name => "snips";

    public override string DisplayName => "self-normalised inverse probability weighting (SNIPS) estimator";

    private protected override bool UsesWeights => true;

    private protected override bool UsesRewardModel => false;

    private protected override RatioTerms Terms(PreparedLog log)
    {
        var numerators = new double[log.Count];
        for (var i = 0; i < numerators.Length; i++)
        {
            numerators[i] = log.Weights[i] * log.Rewards[i];
        }

        return new RatioTerms(numerators, log.Weights);
    }
}
