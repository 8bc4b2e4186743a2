using Recommender.Models.Metrics;


namespace Recommender.Training.Tests.Training;

/// <summary>Each metric against values worked out by hand (and, for the classic example, scikit-learn's).</summary>
public sealed class ClassificationMetricsTests
{
    // scikit-learn's documentation example: roc_auc_score = 0.75, average_precision_score = 0.8333.
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] Labels = [false, false, true, true];

    [Fact]
    public void Auc_counts_the_share_of_positive_negative_pairs_ranked_right()
    {
        // Pairs (positive, negative): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right.
        Assert.Equal(0.75, ClassificationMetrics.Auc(Scores, Labels), 12);
    }

    [Fact]
    public void Auc_counts_tied_pairs_as_one_half()
    {
        Assert.Equal(0.5, ClassificationMetrics.Auc([0.3, 0.3], [false, true]), 12);
        Assert.Equal(0.75, ClassificationMetrics.Auc([0.2, 0.5, 0.5], [false, false, true]), 12);
    }

    [Fact]
    public void Auc_is_undefined_with_one_class_only()
    {
        Assert.True(double.IsNaN(ClassificationMetrics.Auc([0.1, 0.9], [true, true])));
        Assert.True(double.IsNaN(ClassificationMetrics.Auc([0.1, 0.9], [false, false])));
    }

    [Fact]
    public void Average_precision_sums_precision_at_each_recall_step()
    {
        // Thresholds 0.8, 0.4, 0.35: recall 1/2 at precision 1, then 1/2 at precision 2/3 → 1/2 + 1/3.
        Assert.Equal(0.5 + 1.0 / 3, ClassificationMetrics.AveragePrecision(Scores, Labels), 12);
    }

    [Fact]
    public void Average_precision_treats_tied_scores_as_one_threshold()
    {
        // One threshold with both rows: recall 1 at precision 1/2.
        Assert.Equal(0.5, ClassificationMetrics.AveragePrecision([0.5, 0.5], [true, false]), 12);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood()
    {
        var expected = -(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4;
        Assert.Equal(expected, ClassificationMetrics.LogLoss(Scores, Labels), 12);
        Assert.Equal(0.472288, ClassificationMetrics.LogLoss(Scores, Labels), 6);
    }

    [Fact]
    public void Log_loss_clips_certain_mistakes_instead_of_returning_infinity()
    {
        var loss = ClassificationMetrics.LogLoss([0.0], [true]);
        Assert.Equal(-Math.Log(ClassificationMetrics.LogLossEpsilon), loss, 9);
    }

    [Fact]
    public void Brier_is_the_mean_squared_error_of_the_probability()
    {
        // (0.1² + 0.4² + 0.65² + 0.2²) / 4
        Assert.Equal(0.158125, ClassificationMetrics.Brier(Scores, Labels), 12);
    }

    [Fact]
    public void Ece_weighs_each_bins_gap_between_mean_probability_and_positive_rate()
    {
        // One row per bin (1, 4, 3, 8): gaps 0.1, 0.4, 0.65, 0.2, each weighing 1/4.
        Assert.Equal(0.3375, ClassificationMetrics.ExpectedCalibrationError(Scores, Labels), 12);

        // Two bins: [0.1, 0.1, 0.15] → mean 0.1167 vs rate 1/3; [0.9] → 0.9 vs 1.
        var ece = ClassificationMetrics.ExpectedCalibrationError([0.1, 0.1, 0.15, 0.9], [true, false, false, true]);
        Assert.Equal((3 * Math.Abs((0.35 / 3) - (1.0 / 3)) + 0.1) / 4, ece, 12);
    }

    [Fact]
    public void Ece_puts_a_probability_of_one_in_the_last_bin_and_is_zero_when_calibrated()
    {
        Assert.Equal(0, ClassificationMetrics.ExpectedCalibrationError([1.0, 0.0], [true, false]), 12);
        Assert.Equal(0, ClassificationMetrics.ExpectedCalibrationError([0.25, 0.25, 0.25, 0.25], [true, false, false, false]), 12);
    }

    [Fact]
    public void Compute_gathers_every_metric_with_counts_and_base_rate()
    {
        var m = BinaryMetrics.Compute(Scores, Labels);

        Assert.Equal(4, m.Rows);
        Assert.Equal(2, m.Positives);
        Assert.Equal(0.5, m.BaseRate);
        Assert.Equal(0.75, m.Auc, 12);
        Assert.Equal(0.158125, m.Brier, 12);
    }

    [Theory]
    [InlineData(new[] { 0.5 }, new[] { true, false }, "labels")]
    [InlineData(new[] { double.NaN }, new[] { true }, "NaN")]
    public void Bad_input_is_refused_with_a_message_saying_what_is_wrong(double[] probabilities, bool[] labels, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(probabilities, labels));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_metrics_write_undefined_values_as_null()
    {
        var metrics = ModelMetrics.From(BinaryMetrics.Compute([0.2, 0.3], [false, false]));

        Assert.Null(metrics.Auc);
        Assert.Null(metrics.OracleAuc);
        Assert.Equal(0, metrics.Positives);
        // Defined without positives: (0.2² + 0.3²) / 2.
        Assert.Equal(0.065, metrics.Brier!.Value, 12);
    }
}
