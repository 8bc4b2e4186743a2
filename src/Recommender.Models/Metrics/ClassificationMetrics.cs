namespace Recommender.Models.Metrics;

/// <summary>
/// The metrics of a probabilistic binary classifier, written out plainly so that each can be checked by hand.
/// All take the predicted probabilities and the labels of the same rows.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Bins of <see cref="ExpectedCalibrationError"/>: ten equal-width bins over [0, 1].</summary>
    public const int CalibrationBins = 10;

    /// <summary>Probabilities are clipped to [ε, 1 − ε] in <see cref="LogLoss"/>, so that one confident mistake is large, not infinite.</summary>
    public const double LogLossEpsilon = 1e-15;

    public static BinaryMetrics Compute(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Check(probabilities, labels);
        var positives = CountPositives(labels);
        return new BinaryMetrics(
            labels.Length,
            positives,
            labels.Length == 0 ? double.NaN : (double)positives / labels.Length,
            Auc(probabilities, labels),
            AveragePrecision(probabilities, labels),
            LogLoss(probabilities, labels),
            Brier(probabilities, labels),
            ExpectedCalibrationError(probabilities, labels));
    }

    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative, ties
    /// counting one half (Mann–Whitney U with mid-ranks). NaN without positives or without negatives.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Check(scores, labels);
        var order = Ascending(scores);
        double positives = CountPositives(labels), negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Sum of the (1-based, mid-ranked) ranks of the positives.
        var rankSum = 0.0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            var groupPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                groupPositives += labels[order[j]] ? 1 : 0;
                j++;
            }

            rankSum += groupPositives * ((i + 1 + j) / 2.0);
            i = j;
        }

        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision (scikit-learn's <c>average_precision_score</c>):
    /// Σₖ (Rₖ − Rₖ₋₁) Pₖ over the distinct score thresholds from the highest down, tied scores forming one
    /// threshold. Its value for a random ranking is the base rate. NaN without positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Check(scores, labels);
        var positives = CountPositives(labels);
        if (positives == 0)
        {
            return double.NaN;
        }

        var order = Ascending(scores);
        long truePositives = 0, predicted = 0;
        var previousRecall = 0.0;
        var sum = 0.0;
        for (var i = order.Length - 1; i >= 0;)
        {
            var j = i;
            while (j >= 0 && scores[order[j]] == scores[order[i]])
            {
                truePositives += labels[order[j]] ? 1 : 0;
                predicted++;
                j--;
            }

            var recall = (double)truePositives / positives;
            sum += (recall - previousRecall) * truePositives / predicted;
            previousRecall = recall;
            i = j;
        }

        return sum;
    }

    /// <summary>Mean negative log-likelihood, natural log, probabilities clipped by <see cref="LogLossEpsilon"/>.</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Check(probabilities, labels);
        if (labels.Length == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Length;
    }

    /// <summary>Mean squared difference between the probability and the 0/1 label.</summary>
    public static double Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        Check(probabilities, labels);
        if (labels.Length == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var error = probabilities[i] - (labels[i] ? 1 : 0);
            sum += error * error;
        }

        return sum / labels.Length;
    }

    /// <summary>
    /// Expected calibration error: rows go into <paramref name="bins"/> equal-width bins by probability
    /// (bin ⌊p × bins⌋, p = 1 in the last), and ECE = Σ_b (n_b / n) × |mean p in b − positive rate in b|.
    /// Equal-width bins, not equal-mass ones, so the number is comparable across models and data sets; with rare
    /// labels most rows share the lowest bin, and ECE is then dominated by how well that bin's mean is right.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int bins = CalibrationBins)
    {
        Check(probabilities, labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        if (labels.Length == 0)
        {
            return double.NaN;
        }

        var count = new long[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < labels.Length; i++)
        {
            var b = Math.Clamp((int)Math.Floor(probabilities[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += probabilities[i];
            sumY[b] += labels[i] ? 1 : 0;
        }

        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += Math.Abs(sumP[b] - sumY[b]) / labels.Length;
            }
        }

        return ece;
    }

    private static long CountPositives(ReadOnlySpan<bool> labels)
    {
        long positives = 0;
        foreach (var label in labels)
        {
            positives += label ? 1 : 0;
        }

        return positives;
    }

    /// <summary>Row indices by ascending score. Callers treat tied scores as one group, so the order within ties does not matter.</summary>
    private static int[] Ascending(ReadOnlySpan<double> scores)
    {
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    private static void Check(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        if (probabilities.Length != labels.Length)
        {
            throw new ArgumentException(
                $"Got {probabilities.Length} probabilities for {labels.Length} labels; pass one per row.", nameof(probabilities));
        }

        foreach (var p in probabilities)
        {
            if (double.IsNaN(p))
            {
                throw new ArgumentException("A probability is NaN; the model produced no score for some row.", nameof(probabilities));
            }
        }
    }
}
