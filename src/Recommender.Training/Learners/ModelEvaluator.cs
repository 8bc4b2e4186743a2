using Recommender.Models.Metrics;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>Scores a model's validation rows and, when the world's true probabilities are known for every row, those too.</summary>
internal static class ModelEvaluator
{
    /// <param name="predictions">The model's probability of each of <paramref name="rows"/>, in order.</param>
    /// <param name="oracle">The true probability of a row's label, or null when the oracle does not know the row.</param>
    public static ModelMetrics Evaluate(double[] predictions, int[] rows, Func<int, bool> label, Func<int, double?>? oracle)
    {
        var labels = rows.Select(label).ToArray();
        var metrics = BinaryMetrics.Compute(predictions, labels);
        var truth = oracle is null ? null : rows.Select(oracle).ToArray();

        // An oracle that misses some rows would be measured on other rows than the model: report none instead.
        var oracleMetrics = truth is not null && truth.All(p => p is not null)
            ? BinaryMetrics.Compute(truth.Select(p => p!.Value).ToArray(), labels)
            : null;
        return ModelMetrics.From(metrics, oracleMetrics);
    }

    /// <summary>Predicted (and, with <paramref name="truth"/> for every row, true) uplift on <paramref name="rows"/>.</summary>
    public static UpliftMetrics Uplift(GoalModel goal, ExampleTable table, int[] rows, Func<int, double?>? truth)
    {
        var predicted = goal.Uplift(table, rows);
        var known = truth is null ? null : rows.Select(truth).ToArray();
        return UpliftMetrics.Compute(predicted, known is not null && known.All(t => t is not null) ? known.Select(t => t!.Value).ToArray() : []);
    }
}
