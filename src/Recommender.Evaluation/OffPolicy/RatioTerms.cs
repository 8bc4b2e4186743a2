namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Every estimator here is a ratio of sums over decisions, V̂ = Σ aᵢ / Σ bᵢ, with bᵢ = 1 except for SNIPS
/// (bᵢ = wᵢ). Keeping the per-decision terms lets one bootstrap serve all of them: a resample of decisions is a
/// resample of terms.
/// </summary>
/// <param name="Numerators">aᵢ per decision.</param>
/// <param name="Denominators">bᵢ per decision; null when every bᵢ is 1 (a plain mean).</param>
internal sealed record RatioTerms(double[] Numerators, double[]? Denominators)
{
    public int Count => Numerators.Length;

    /// <summary>Σa / Σb; 0 when Σb = 0 (no decision carries any weight, so there is nothing to average).</summary>
    public double Value
    {
        get
        {
            var numerator = Numerators.Sum();
            var denominator = Denominators?.Sum() ?? Numerators.Length;
            return denominator == 0 ? 0 : numerator / denominator;
        }
    }
}
