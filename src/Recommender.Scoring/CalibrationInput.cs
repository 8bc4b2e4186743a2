namespace Recommender.Scoring;

/// <summary>The one checker of (score, label) pairs shared by every calibrator's fit.</summary>
internal static class CalibrationInput
{
    public static (int Positives, int Negatives) Check(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException(
                $"Expected one label per score: {scores.Length} scores, {labels.Length} labels.", nameof(labels));
        }

        int positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
                throw new ArgumentException($"Score {i} is {scores[i]}; calibration needs finite scores.", nameof(scores));
            if (labels[i])
                positives++;
        }

        int negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"Calibration needs both classes: found {positives} positive and {negatives} negative labels.", nameof(labels));
        }

        return (positives, negatives);
    }
}
