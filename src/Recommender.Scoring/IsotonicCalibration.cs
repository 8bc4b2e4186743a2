using System.Text.Json.Serialization;

namespace Recommender.Scoring;

/// <summary>
/// Isotonic calibration: a non-decreasing step function from score to probability, fitted with the
/// pool-adjacent-violators algorithm (Ayer et al., 1955; Zadrozny and Elkan, "Transforming classifier scores into
/// accurate multiclass probability estimates", KDD 2002).
/// </summary>
/// <remarks>
/// Step <c>i</c> covers scores from <see cref="ScoreThresholds"/>[i] up to the next threshold and maps them to
/// <see cref="Probabilities"/>[i]; scores below the first threshold take the first probability. Equal scores are
/// pooled before fitting, so the result does not depend on the order of the input. Serialises to JSON through
/// its two public lists.
/// </remarks>
public sealed class IsotonicCalibration : IProbabilityCalibrator
{
    private readonly float[] _thresholds;
    private readonly float[] _probabilities;

    [JsonConstructor]
    public IsotonicCalibration(IReadOnlyList<float> scoreThresholds, IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(scoreThresholds);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (scoreThresholds.Count == 0 || scoreThresholds.Count != probabilities.Count)
        {
            throw new ArgumentException(
                $"Expected as many probabilities as thresholds, at least one: {scoreThresholds.Count} thresholds, " +
                $"{probabilities.Count} probabilities.",
                nameof(probabilities));
        }

        for (int i = 0; i < scoreThresholds.Count; i++)
        {
            if (!float.IsFinite(scoreThresholds[i]) || (i > 0 && scoreThresholds[i] <= scoreThresholds[i - 1]))
                throw new ArgumentException($"Threshold {i} ({scoreThresholds[i]}) must be finite and above the one before.", nameof(scoreThresholds));
            if (!(probabilities[i] is >= 0 and <= 1) || (i > 0 && probabilities[i] < probabilities[i - 1]))
                throw new ArgumentException($"Probability {i} ({probabilities[i]}) must be in [0, 1] and not below the one before.", nameof(probabilities));
        }

        _thresholds = [.. scoreThresholds];
        _probabilities = [.. probabilities];
    }

    public IReadOnlyList<float> ScoreThresholds => _thresholds;

    public IReadOnlyList<float> Probabilities => _probabilities;

    public float Probability(float score)
    {
        if (float.IsNaN(score))
            return float.NaN;

        // Index of the last threshold ≤ score; below the first threshold, the first step.
        int index = Array.BinarySearch(_thresholds, score);
        if (index < 0)
            index = Math.Max(~index - 1, 0);
        return _probabilities[index];
    }

    /// <summary>Fits the step function on held-out scores and their labels (true = positive).</summary>
    public static IsotonicCalibration Fit(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        CalibrationInput.Check(scores, labels);

        var sortedScores = scores.ToArray();
        var sortedLabels = labels.ToArray();
        Array.Sort(sortedScores, sortedLabels);

        // Blocks of (first score, positives, count); a new block may swallow earlier ones while their mean is
        // not below its own, which keeps the means strictly increasing from left to right.
        var blocks = new List<(float Start, double Positives, double Count)>();
        for (int i = 0; i < sortedScores.Length;)
        {
            int end = i;
            double positives = 0;
            while (end < sortedScores.Length && sortedScores[end] == sortedScores[i])
                positives += sortedLabels[end++] ? 1 : 0;

            var block = (Start: sortedScores[i], Positives: positives, Count: (double)(end - i));
            while (blocks.Count > 0 && blocks[^1].Positives / blocks[^1].Count >= block.Positives / block.Count)
            {
                var previous = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                block = (previous.Start, previous.Positives + block.Positives, previous.Count + block.Count);
            }

            blocks.Add(block);
            i = end;
        }

        return new IsotonicCalibration(
            blocks.Select(b => b.Start).ToArray(),
            blocks.Select(b => (float)(b.Positives / b.Count)).ToArray());
    }
}
