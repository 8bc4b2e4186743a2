using Recommender.Scoring;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>
/// Inverse propensity weights for the goal rows when not-chosen rows identify P(goal | send nothing): each row counts
/// as 1 / P(the logging policy took its arm for its message), so the sends and the non-sends of a message stand for
/// the same population of decision points, not for the ones the old policy favoured.
/// </summary>
/// <remarks>
/// A send's probability is the log's own (<c>propensity</c> on <c>message_sent</c>) where it has one. A non-send's
/// is 1 − P(send), and P(send) of a message at a decision point is rarely logged: it comes from a model of the logging
/// policy, LightGBM on the sends (label 1) and the not-chosen rows (label 0, each weighted back to the qualifying
/// messages its draw stands for), read with <c>is_treatment</c> masked. Its raw score is the log-odds of that weighted
/// fit, so no calibration rows are spent on it. Probabilities are clipped to [0.02, 0.98] and the weights of each arm
/// scaled to average 1 (stabilised weights), then capped, so that no handful of rows decides a model.
/// </remarks>
internal sealed class PropensityWeights
{
    private const float Clip = 0.02f;
    private const float MaxWeight = 20;

    private readonly float[] _weights;

    private PropensityWeights(float[] weights, long logged, long estimated)
    {
        _weights = weights;
        Logged = logged;
        Estimated = estimated;
    }

    /// <summary>Rows whose probability came from the log.</summary>
    public long Logged { get; }

    /// <summary>Rows whose probability came from the model of the logging policy.</summary>
    public long Estimated { get; }

    public float Of(int row) => _weights[row];

    /// <summary>The weights of <paramref name="rows"/> (and 1 for every other row of <paramref name="table"/>).</summary>
    public static PropensityWeights Compute(ExampleTable table, IReadOnlyList<int> rows, BinaryModelTrainer trainer, BoosterOptions booster)
    {
        var policyRows = rows.Where(i => table.Arm(i) is ExampleArm.Treatment or ExampleArm.NotChosen).ToArray();
        var forest = trainer.GrowForest(
            booster, table, policyRows, table.IsTreatment, i => (table.Arm(i) == ExampleArm.NotChosen ? DrawWeight(table, i) : 1f) * table.Weight(i), maskTreatment: true);

        var weights = new float[table.Count];
        Array.Fill(weights, 1f);
        long logged = 0, estimated = 0;
        var input = new float[table.InputLength];
        foreach (var i in rows)
        {
            var arm = table.Arm(i);
            float p;
            if (arm == ExampleArm.Treatment && table.Propensity(i) is { } fromLog and > 0 and <= 1)
            {
                p = (float)fromLog;
                logged++;
            }
            else
            {
                table.CopyInput(i, input);
                input[^1] = 0;
                p = Sigmoid(forest.Score(input));
                estimated++;
            }

            p = Math.Clamp(p, Clip, 1 - Clip);
            weights[i] = arm == ExampleArm.Treatment ? 1 / p : 1 / (1 - p);
            if (arm == ExampleArm.NotChosen)
            {
                weights[i] *= DrawWeight(table, i);
            }
        }

        Stabilise(table, rows, weights);
        return new PropensityWeights(weights, logged, estimated);
    }

    /// <summary>A not-chosen row stands for every qualifying message of its decision: the inverse of the share drawn.</summary>
    private static float DrawWeight(ExampleTable table, int row) => table.Propensity(row) is { } share and > 0 ? (float)(1 / share) : 1f;

    private static void Stabilise(ExampleTable table, IReadOnlyList<int> rows, float[] weights)
    {
        foreach (var treated in new[] { true, false })
        {
            var arm = rows.Where(i => table.IsTreatment(i) == treated).ToArray();
            var mean = arm.Length == 0 ? 1 : arm.Average(i => (double)weights[i]);
            foreach (var i in arm)
            {
                weights[i] = (float)Math.Min(MaxWeight, weights[i] / mean);
            }
        }
    }

    private static float Sigmoid(float score) => (float)(1 / (1 + Math.Exp(-score)));
}
