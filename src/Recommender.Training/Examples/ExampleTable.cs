using Recommender.Training.Examples;

namespace Recommender.Training.Examples;

/// <summary>
/// The examples of a run, held in memory for training: row-major model inputs (the schema's features followed by
/// <c>is_treatment</c>), so both models and every split read the same arrays without copying them.
/// </summary>
/// <remarks>
/// About (features + 1) × 4 bytes a row: a 90-day log of 20,000 users (under a million decisions) fits in well
/// under a gigabyte. Training needs every row at once anyway, to bin features and to grow each tree.
/// </remarks>
internal sealed class ExampleTable : IExampleSink
{
    public ExampleTable(int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        FeatureCount = featureCount;
    }

    public int FeatureCount { get; }

    /// <summary>Length of each input: the features and <c>is_treatment</c>.</summary>
    public int InputLength => FeatureCount + 1;

    public int Count => Inputs.Count;

    public List<string> UserIds { get; } = [];

    public List<string> MessageIds { get; } = [];

    public List<DateTime> SentAt { get; } = [];

    public List<ExampleArm> Arms { get; } = [];

    public List<string?> DecisionIds { get; } = [];

    public List<float[]> Inputs { get; } = [];

    public List<bool> LabelGoal { get; } = [];

    public List<bool> LabelUnsubscribe { get; } = [];

    /// <summary>
    /// Per row, the example block's propensity: the logging policy's probability of the logged action where the log
    /// has it; for a <see cref="ExampleArm.NotChosen"/> row, the share of the qualifying messages drawn at its decision.
    /// </summary>
    public List<double?> Propensities { get; } = [];

    public bool IsTreatment(int row) => Arms[row] == ExampleArm.Treatment;

    /// <summary>Rows of this arm.</summary>
    public long CountOf(ExampleArm arm) => Arms.LongCount(a => a == arm);

    public ValueTask WriteAsync(ExampleBlock block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"The block holds {block.FeatureCount} features; the table holds {FeatureCount}.", nameof(block));
        }

        var columns = new float[FeatureCount][];
        for (var j = 0; j < FeatureCount; j++)
        {
            columns[j] = block.FeatureColumn(j);
        }

        for (var i = 0; i < block.Count; i++)
        {
            var input = new float[InputLength];
            for (var j = 0; j < FeatureCount; j++)
            {
                input[j] = columns[j][i];
            }

            input[FeatureCount] = block.Arms[i] == ExampleArm.Treatment ? 1f : 0f;
            UserIds.Add(block.UserIds[i]);
            MessageIds.Add(block.MessageIds[i]);
            SentAt.Add(block.SentAt[i]);
            Arms.Add(block.Arms[i]);
            DecisionIds.Add(block.DecisionIds[i]);
            Inputs.Add(input);
            LabelGoal.Add(block.LabelGoal[i]);
            LabelUnsubscribe.Add(block.LabelUnsubscribe[i]);
            Propensities.Add(block.Propensities[i]);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
