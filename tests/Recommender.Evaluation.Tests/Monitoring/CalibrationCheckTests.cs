using Recommender.Evaluation.Monitoring;

namespace Recommender.Evaluation.Tests.Monitoring;

/// <summary>A window's calibration is judged against the observed rate's interval and a relative gap, and small windows are not judged.</summary>
public sealed class CalibrationCheckTests
{
    private static readonly MonitorOptions Options = new();

    private static (double[] Predicted, bool[] Outcomes) Window(int n, double predicted, double observed) =>
        ([.. Enumerable.Repeat(predicted, n)], [.. Enumerable.Range(0, n).Select(i => i < observed * n)]);

    [Fact]
    public void A_model_that_predicts_twice_the_observed_rate_needs_attention_and_one_within_noise_does_not()
    {
        var (p, o) = Window(2_000, 0.20, 0.10);
        var off = CalibrationCheck.Of(p, o, Options);
        Assert.Equal(CalibrationCheck.Attention, off.Status);
        Assert.Equal(0.20, off.MeanPredicted!.Value, 12);
        Assert.Equal(0.10, off.ObservedRate!.Value, 12);
        Assert.Equal(0.10, off.Ece!.Value, 9);

        var (q, r) = Window(2_000, 0.20, 0.195);
        Assert.Equal(CalibrationCheck.Ok, CalibrationCheck.Of(q, r, Options).Status);
    }

    [Fact]
    public void A_significant_but_small_gap_is_not_worth_attention_and_a_small_window_is_not_judged()
    {
        // 20 % against 18 %: outside the interval of 50,000 rows, but a tenth off, under the 25 % gap.
        var (p, o) = Window(50_000, 0.20, 0.18);
        var check = CalibrationCheck.Of(p, o, Options);
        Assert.True(check.MeanPredicted > check.CiHigh);
        Assert.Equal(CalibrationCheck.Ok, check.Status);

        var (q, r) = Window(100, 0.20, 0.05);
        Assert.Equal(CalibrationCheck.TooFewRows, CalibrationCheck.Of(q, r, Options).Status);
        Assert.Equal(CalibrationCheck.TooFewRows, CalibrationCheck.Of([], [], Options).Status);
    }

    [Theory]
    [InlineData(0.0, 50)]
    [InlineData(1.0, 50)]
    [InlineData(0.3, 1_000)]
    public void The_wilson_interval_stays_inside_zero_and_one_and_holds_the_rate(double rate, int n)
    {
        var (low, high) = CalibrationCheck.Wilson(rate, n);
        Assert.InRange(low, 0, rate);
        Assert.InRange(high, rate, 1);
        Assert.True(high - low > 0);
        if (rate == 0.3)
        {
            // The textbook figure for 300 of 1,000: [0.2724, 0.3291].
            Assert.Equal(0.2724, low, 3);
            Assert.Equal(0.3291, high, 3);
        }
    }
}
