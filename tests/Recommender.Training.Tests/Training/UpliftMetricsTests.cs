using Recommender.Models.Metrics;


namespace Recommender.Training.Tests.Training;

public sealed class UpliftMetricsTests
{
    [Fact]
    public void Uplift_metrics_compare_means_and_correlate_rows_with_the_truth()
    {
        var m = UpliftMetrics.Compute([0.01, 0.02, 0.03], [0.05, 0.04, 0.03]);

        Assert.Equal(3, m.Rows);
        Assert.Equal(0.02, m.MeanPredicted, 12);
        Assert.Equal(0.04, m.MeanTrue!.Value, 12);
        Assert.Equal(-1, m.Correlation!.Value, 12);
    }

    [Fact]
    public void Without_the_truth_only_the_predicted_mean_is_reported()
    {
        var m = UpliftMetrics.Compute([0.1, 0.3], []);

        Assert.Equal(0.2, m.MeanPredicted, 12);
        Assert.Null(m.MeanTrue);
        Assert.Null(m.Correlation);
    }

    [Fact]
    public void A_constant_prediction_has_no_correlation()
    {
        Assert.Null(UpliftMetrics.Compute([0.1, 0.1], [0.2, 0.3]).Correlation);
    }
}
