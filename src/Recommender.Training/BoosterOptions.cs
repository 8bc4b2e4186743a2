namespace Recommender.Training;

/// <summary>
/// The LightGBM knobs of one model (see <c>Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options</c>).
/// Defaults suit the propensity model on tens of thousands to a million rows; <see cref="TrainingOptions"/>
/// gives the fatigue model, whose label is rarer, more conservative ones.
/// </summary>
public sealed record BoosterOptions
{
    /// <summary>
    /// Boosting rounds, one tree each. Default 150: serving evaluates every tree of every candidate, and 150 rounds at
    /// 0.1 score about as well as 300 at 0.05 at half the cost (docs/results.md, "Forest size against quality and
    /// decision time"). <see cref="TrainingOptions"/> sets each model's own (the propensity model 125 at 0.12).
    /// </summary>
    public int Iterations { get; init; } = 150;

    /// <summary>Shrinkage per round. Default 0.1, with <see cref="Iterations"/> 150.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Maximum leaves per tree. Default 31 (LightGBM's own).</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>
    /// Minimum rows in a leaf. Default 100: a leaf's probability then rests on enough rows to be calibrated, and
    /// rare one-hot values (a message sent a few hundred times) cannot get a leaf of their own from noise.
    /// </summary>
    public int MinimumRowsPerLeaf { get; init; } = 100;

    /// <summary>Share of features each tree may use. Default 0.8: decorrelates trees at little cost.</summary>
    public double FeatureFraction { get; init; } = 0.8;

    /// <summary>L2 penalty on leaf values. Default 1.</summary>
    public double L2Regularization { get; init; } = 1;

    /// <summary>Histogram bins per feature. Default 255 (LightGBM's own).</summary>
    public int MaximumBins { get; init; } = 255;

    internal void Validate(string name)
    {
        Check(Iterations > 0, name, nameof(Iterations), "must be positive", Iterations);
        Check(LearningRate is > 0 and <= 1, name, nameof(LearningRate), "must be in (0, 1]", LearningRate);
        Check(Leaves >= 2, name, nameof(Leaves), "must be at least 2", Leaves);
        Check(MinimumRowsPerLeaf > 0, name, nameof(MinimumRowsPerLeaf), "must be positive", MinimumRowsPerLeaf);
        Check(FeatureFraction is > 0 and <= 1, name, nameof(FeatureFraction), "must be in (0, 1]", FeatureFraction);
        Check(L2Regularization >= 0, name, nameof(L2Regularization), "must not be negative", L2Regularization);
        Check(MaximumBins >= 2, name, nameof(MaximumBins), "must be at least 2", MaximumBins);
    }

    private static void Check(bool ok, string model, string option, string rule, object value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException($"{model}.{option}", value, $"{model}.{option} {rule}.");
        }
    }
}
