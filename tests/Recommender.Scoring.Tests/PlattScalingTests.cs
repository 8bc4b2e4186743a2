using System.Text.Json;

namespace Recommender.Scoring.Tests;

public sealed class PlattScalingTests
{
    [Theory]
    [InlineData(1.7, -0.4)]
    [InlineData(0.5, 1.0)]
    [InlineData(-2.0, 0.3)]
    public void Fit_recovers_the_parameters_that_generated_the_labels(double slope, double intercept)
    {
        var (scores, labels) = Generate(new PlattScaling(slope, intercept), count: 200_000, seed: 1);

        var fitted = PlattScaling.Fit(scores, labels);

        Assert.Equal(slope, fitted.Slope, 0.03);
        Assert.Equal(intercept, fitted.Intercept, 0.03);
    }

    [Fact]
    public void Fit_is_deterministic()
    {
        var (scores, labels) = Generate(new PlattScaling(1.2, 0.1), count: 5_000, seed: 2);

        Assert.Equal(PlattScaling.Fit(scores, labels), PlattScaling.Fit(scores, labels));
    }

    [Fact]
    public void Fit_stays_finite_on_perfectly_separated_data_thanks_to_smoothed_targets()
    {
        float[] scores = [-3, -2, -1, 1, 2, 3];
        bool[] labels = [false, false, false, true, true, true];

        var fitted = PlattScaling.Fit(scores, labels);

        Assert.True(double.IsFinite(fitted.Slope) && double.IsFinite(fitted.Intercept), fitted.ToString());
        Assert.InRange(fitted.Probability(3), 0.75f, 1f);
        Assert.InRange(fitted.Probability(-3), 0f, 0.25f);
    }

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(-1000f, 0f)]
    [InlineData(1000f, 1f)]
    public void Probability_is_the_logistic_of_the_linear_score_without_overflow(float score, float expected)
    {
        Assert.Equal(expected, new PlattScaling(2, 0).Probability(score), 1e-7f);
    }

    [Fact]
    public void Serialises_to_and_from_json_as_slope_and_intercept()
    {
        var platt = new PlattScaling(1.25, -0.5);

        var json = JsonSerializer.Serialize(platt);

        Assert.Equal("""{"Slope":1.25,"Intercept":-0.5}""", json);
        Assert.Equal(platt, JsonSerializer.Deserialize<PlattScaling>(json));
    }

    public static TheoryData<string, float[], bool[], string> BadInput => new()
    {
        { "lengths differ", [1, 2], [true], "Expected one label per score: 2 scores, 1 labels." },
        { "NaN score", [1, float.NaN], [true, false], "Score 1 is NaN; calibration needs finite scores." },
        { "one class", [1, 2], [true, true], "Calibration needs both classes: found 2 positive and 0 negative labels." },
        { "empty", [], [], "Calibration needs both classes: found 0 positive and 0 negative labels." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Fit_refuses_unusable_input_saying_what_is_wrong(string name, float[] scores, bool[] labels, string message)
    {
        var platt = Assert.Throws<ArgumentException>(() => PlattScaling.Fit(scores, labels));
        var isotonic = Assert.Throws<ArgumentException>(() => IsotonicCalibration.Fit(scores, labels));

        Assert.True(platt.Message.StartsWith(message, StringComparison.Ordinal), $"{name}: {platt.Message}");
        Assert.Equal(platt.Message, isotonic.Message);
    }

    private static (float[] Scores, bool[] Labels) Generate(PlattScaling truth, int count, int seed)
    {
        var random = new Random(seed);
        var scores = new float[count];
        var labels = new bool[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller: scores roughly N(0, 2²), the spread of a boosted model's raw output.
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            scores[i] = (float)(2 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
            labels[i] = random.NextDouble() < truth.Probability(scores[i]);
        }

        return (scores, labels);
    }
}
