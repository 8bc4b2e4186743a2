namespace Recommender.Evaluation.Quality;

/// <summary>
/// The cumulative gain chart's points: rows ranked by predicted probability, highest first; at each tenth of the rows,
/// the share of all positives found so far and the lift (that share over the share of rows taken). A model no better
/// than chance finds 30% of the positives in 30% of the rows (lift 1).
/// </summary>
internal static class GainCurve
{
    public const int Points = 10;

    public static IReadOnlyList<GainPoint> Compute(double[] probabilities, bool[] labels)
    {
        var order = Enumerable.Range(0, probabilities.Length)
            .OrderByDescending(i => probabilities[i])
            .ThenBy(i => i)
            .ToArray();
        var total = labels.Count(l => l);
        var points = new List<GainPoint>(Points);
        var found = 0;
        var taken = 0;
        for (var p = 1; p <= Points; p++)
        {
            var upTo = (int)Math.Round((double)p * order.Length / Points);
            for (; taken < upTo; taken++)
            {
                found += labels[order[taken]] ? 1 : 0;
            }

            var rowShare = (double)p / Points;
            double? gain = total == 0 ? null : (double)found / total;
            points.Add(new GainPoint(rowShare, taken, gain, gain / rowShare));
        }

        return points;
    }
}

/// <summary>The top <see cref="RowShare"/> of rows by prediction: the share of positives they hold and the lift.</summary>
internal sealed record GainPoint(double RowShare, long Rows, double? Gain, double? Lift);
