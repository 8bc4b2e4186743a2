using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>
/// P(goal | send) and P(goal | send nothing) as trained: one model read with <c>is_treatment</c> at 1 and 0, or a
/// send model and a control model (<see cref="UpliftMethod"/>). Everything that evaluates goal probabilities goes
/// through here, so metrics, uplift and the bundle agree on which model answers which arm.
/// </summary>
internal sealed class GoalModel(TrainedModel send, TrainedModel? noSend)
{
    public TrainedModel Send { get; } = send;

    /// <summary>The control model; null when <see cref="Send"/> answers both arms through its treatment input.</summary>
    public TrainedModel? NoSend { get; } = noSend;

    /// <summary>Calibrated P(goal) of a model input (features then <c>is_treatment</c>) in the arm <paramref name="treatment"/>.</summary>
    /// <remarks>Overwrites the input's last element with the arm.</remarks>
    public double Probability(float[] input, bool treatment)
    {
        input[^1] = treatment ? 1f : 0f;
        var model = treatment || NoSend is null ? Send : NoSend;
        return model.Calibrator.Probability(model.Forest.Score(input));
    }

    /// <summary>P(goal) of each of <paramref name="rows"/> in the arm it was logged in: what its label measures.</summary>
    public double[] PredictLogged(ExampleTable table, IReadOnlyList<int> rows)
    {
        var input = new float[table.InputLength];
        var probabilities = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            table.CopyInput(rows[i], input);
            probabilities[i] = Probability(input, table.IsTreatment(rows[i]));
        }

        return probabilities;
    }

    /// <summary>P(goal | send) − P(goal | send nothing) of each of <paramref name="rows"/>.</summary>
    public double[] Uplift(ExampleTable table, IReadOnlyList<int> rows)
    {
        var input = new float[table.InputLength];
        var uplift = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            table.CopyInput(rows[i], input);
            uplift[i] = Probability(input, treatment: true) - Probability(input, treatment: false);
        }

        return uplift;
    }
}
