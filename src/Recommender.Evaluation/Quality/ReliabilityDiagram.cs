using Recommender.Models.Metrics;


namespace Recommender.Evaluation.Quality;

/// <summary>
/// The reliability diagram's points: ten equal-width probability bins, the same bins as
/// <see cref="ClassificationMetrics.ExpectedCalibrationError"/>, so the chart shows where the ECE comes from.
/// </summary>
internal static class ReliabilityDiagram
{
    public static IReadOnlyList<ReliabilityBin> Bins(double[] probabilities, bool[] labels)
    {
        const int bins = ClassificationMetrics.CalibrationBins;
        var count = new long[bins];
        var sumP = new double[bins];
        var positives = new long[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var b = Math.Clamp((int)Math.Floor(probabilities[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += probabilities[i];
            positives[b] += labels[i] ? 1 : 0;
        }

        return [.. Enumerable.Range(0, bins).Select(b => new ReliabilityBin(
            (double)b / bins,
            (double)(b + 1) / bins,
            count[b],
            count[b] == 0 ? null : sumP[b] / count[b],
            count[b] == 0 ? null : (double)positives[b] / count[b]))];
    }
}

/// <summary>One bin of the reliability diagram; the means are null for an empty bin.</summary>
internal sealed record ReliabilityBin(double Low, double High, long Rows, double? MeanPredicted, double? ObservedRate);
