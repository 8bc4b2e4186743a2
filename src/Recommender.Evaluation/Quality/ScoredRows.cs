using Recommender.Models;
using Recommender.Training.Bundles;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Quality;

/// <summary>
/// One model's validation rows with the bundle's served probabilities (compiled forest and calibration, the very
/// numbers serving uses) and labels, the input of every model-quality figure.
/// </summary>
internal sealed class ScoredRows
{
    private ScoredRows(string model, int[] rows, double[] probabilities, bool[] labels, Func<ReadOnlySpan<float>, int, double> score)
    {
        Model = model;
        Rows = rows;
        Probabilities = probabilities;
        Labels = labels;
        Score = score;
    }

    /// <summary><c>propensity</c> or <c>fatigue</c>.</summary>
    public string Model { get; }

    /// <summary>Indices into the <see cref="ValidationSet"/>.</summary>
    public int[] Rows { get; }

    public double[] Probabilities { get; }

    public bool[] Labels { get; }

    /// <summary>Scores a feature vector as the model scores the set's row (the row's arm for the propensity model).</summary>
    public Func<ReadOnlySpan<float>, int, double> Score { get; }

    /// <summary>P(goal | user, message, the row's arm) on the propensity model's rows.</summary>
    public static ScoredRows Propensity(ModelBundle bundle, ValidationSet set)
    {
        double Score(ReadOnlySpan<float> features, int row) => bundle.GoalProbability(features, set.IsTreatment[row]);
        return Create("propensity", set, set.PropensityRows, r => set.LabelGoal[r], Score);
    }

    /// <summary>P(unsubscribe or complaint | send) on the fatigue model's rows.</summary>
    public static ScoredRows Fatigue(ModelBundle bundle, ValidationSet set)
    {
        double Score(ReadOnlySpan<float> features, int row) => bundle.UnsubscribeProbability(features);
        return Create("fatigue", set, set.FatigueRows, r => set.LabelUnsubscribe[r], Score);
    }

    private static ScoredRows Create(
        string model, ValidationSet set, IReadOnlyList<int> rows, Func<int, bool> label, Func<ReadOnlySpan<float>, int, double> score)
    {
        var indices = rows.ToArray();
        var probabilities = new double[indices.Length];
        var labels = new bool[indices.Length];
        for (var k = 0; k < indices.Length; k++)
        {
            probabilities[k] = score(set.Features(indices[k]), indices[k]);
            labels[k] = label(indices[k]);
        }

        return new ScoredRows(model, indices, probabilities, labels, score);
    }
}
