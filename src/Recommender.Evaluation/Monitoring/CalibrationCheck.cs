using Recommender.Evaluation.Quality;
using Recommender.Models.Metrics;

namespace Recommender.Evaluation.Monitoring;

/// <summary>
/// One model's predictions in one window against the outcomes that arrived: mean prediction, observed rate with its
/// 95 % Wilson interval, expected calibration error and the reliability bins, and whether it needs attention.
/// </summary>
/// <param name="Status"><c>ok</c>, <c>attention</c> or <c>too_few_rows</c> (fewer than <see cref="MonitorOptions.MinimumRows"/>).</param>
internal sealed record CalibrationCheck(
    long Rows,
    double? MeanPredicted,
    double? ObservedRate,
    double? CiLow,
    double? CiHigh,
    double? Ece,
    IReadOnlyList<ReliabilityBin> Bins,
    string Status)
{
    public const string Ok = "ok";
    public const string Attention = "attention";
    public const string TooFewRows = "too_few_rows";

    public static CalibrationCheck Of(double[] predicted, bool[] outcomes, MonitorOptions options)
    {
        if (predicted.Length == 0)
        {
            return new CalibrationCheck(0, null, null, null, null, null, [], TooFewRows);
        }

        var n = predicted.Length;
        var mean = predicted.Average();
        var observed = (double)outcomes.Count(o => o) / n;
        var (low, high) = Wilson(observed, n);
        var ece = ClassificationMetrics.ExpectedCalibrationError(predicted, outcomes);
        var off = (mean < low || mean > high) && Math.Abs(mean - observed) > options.CalibrationGap * Math.Max(mean, observed);
        var status = n < options.MinimumRows ? TooFewRows : off ? Attention : Ok;
        return new CalibrationCheck(n, mean, observed, low, high, ece, ReliabilityDiagram.Bins(predicted, outcomes), status);
    }

    /// <summary>The Wilson score interval at 95 %: unlike the normal one it stays inside [0, 1] for rare outcomes.</summary>
    internal static (double Low, double High) Wilson(double rate, long n)
    {
        const double z = 1.959963984540054;
        var z2 = z * z;
        var centre = (rate + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
