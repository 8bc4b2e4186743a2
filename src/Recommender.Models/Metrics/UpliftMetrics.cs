namespace Recommender.Models.Metrics;

/// <summary>
/// How well the propensity model's uplift, P(goal | send) − P(goal | send nothing), the quantity the decision rule
/// ranks by, matches the truth on the validation rows. AUC cannot show this: a model can rank goals well and still
/// shrink every send's effect towards zero. The true values exist only for synthetic data (the oracle).
/// </summary>
/// <param name="MeanPredicted">Mean predicted uplift.</param>
/// <param name="MeanTrue">Mean true uplift; null without an oracle.</param>
/// <param name="Correlation">Pearson correlation of predicted and true uplift across rows; null without an oracle.</param>
public sealed record UpliftMetrics(long Rows, double MeanPredicted, double? MeanTrue, double? Correlation)
{
    public static UpliftMetrics Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth)
    {
        if (truth.Length != 0 && truth.Length != predicted.Length)
        {
            throw new ArgumentException($"Got {truth.Length} true uplifts for {predicted.Length} rows; pass one per row, or none.", nameof(truth));
        }

        var meanPredicted = Mean(predicted);
        if (truth.Length == 0)
        {
            return new UpliftMetrics(predicted.Length, meanPredicted, null, null);
        }

        var meanTrue = Mean(truth);
        double covariance = 0, varPredicted = 0, varTrue = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var (p, t) = (predicted[i] - meanPredicted, truth[i] - meanTrue);
            covariance += p * t;
            varPredicted += p * p;
            varTrue += t * t;
        }

        var correlation = varPredicted > 0 && varTrue > 0 ? covariance / Math.Sqrt(varPredicted * varTrue) : (double?)null;
        return new UpliftMetrics(predicted.Length, meanPredicted, meanTrue, correlation);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }
}
