namespace Recommender.Models.Metrics;

/// <summary>
/// How well probabilities predicted a binary label on a set of rows. A metric that is undefined on the rows (AUC
/// without positives or without negatives) is <see cref="double.NaN"/>. See <see cref="ClassificationMetrics"/>
/// for the definitions.
/// </summary>
public sealed record BinaryMetrics(
    long Rows,
    long Positives,
    double BaseRate,
    double Auc,
    double PrAuc,
    double LogLoss,
    double Brier,
    double Ece)
{
    public static BinaryMetrics Compute(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels) =>
        ClassificationMetrics.Compute(probabilities, labels);
}
