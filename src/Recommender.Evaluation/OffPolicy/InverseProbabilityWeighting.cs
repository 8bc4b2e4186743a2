namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Inverse probability weighting (IPS):
/// <code>
/// V̂_IPS = (1/n) Σᵢ wᵢ rᵢ,   wᵢ = min(π(aᵢ | xᵢ) / π0(aᵢ | xᵢ), λ)
/// </code>
/// Each logged outcome counts as many times as the target policy would have taken that action more often than the
/// logging policy did. Unbiased without clipping (λ = ∞) whenever π0 > 0 wherever π > 0; its variance grows with
/// the weights. Clipping at λ lowers the variance at the price of a downward bias (for non-negative rewards).
/// </summary>
/// <remarks>
/// D. G. Horvitz and D. J. Thompson, "A generalization of sampling without replacement from a finite universe",
/// Journal of the American Statistical Association 47(260), 663–685, 1952.
/// D. Precup, R. S. Sutton and S. Singh, "Eligibility traces for off-policy policy evaluation", ICML 2000.
/// </remarks>
public sealed class InverseProbabilityWeighting(OffPolicyOptions? options = null) : OffPolicyEstimator(options)
{
    public override string Name => "ips";

    public override string DisplayName => "inverse probability weighting (IPS) estimator";

    private protected override bool UsesWeights => true;

    private protected override bool UsesRewardModel => false;

    private protected override RatioTerms Terms(PreparedLog log)
    {
        var terms = new double[log.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = log.Weights[i] * log.Rewards[i];
        }

        return new RatioTerms(terms, null);
    }
}
