namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>
/// What the world knew at one logged decision point, over its actions (the eligible messages and no-send):
/// both policies' probabilities and the true expected reward of each action for two metrics.
/// </summary>
internal sealed record DecisionTruth(string[] Actions, double[] Logging, double[] Target, double[] TrueValue, double[] TrueGoal)
{
    public int IndexOf(string action) => Array.IndexOf(Actions, action);

    /// <summary>Expected reward of the target policy here: Σₐ π(a | x) q(x, a).</summary>
    public double TargetExpectation(double[] truth)
    {
        var sum = 0.0;
        for (var a = 0; a < Actions.Length; a++)
        {
            sum += Target[a] * truth[a];
        }

        return sum;
    }
}
