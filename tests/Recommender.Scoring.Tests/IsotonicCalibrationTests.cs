using System.Text.Json;

namespace Recommender.Scoring.Tests;

public sealed class IsotonicCalibrationTests
{
    [Fact]
    public void Fit_pools_adjacent_violators_into_the_known_step_function()
    {
        float[] scores = [1, 2, 3, 4, 5, 6];
        bool[] labels = [false, true, false, true, true, true];

        var isotonic = IsotonicCalibration.Fit(scores, labels);

        Assert.Equal([1f, 2f, 4f], isotonic.ScoreThresholds);
        Assert.Equal([0f, 0.5f, 1f], isotonic.Probabilities);
    }

    [Theory]
    [InlineData(-5f, 0f)]
    [InlineData(1f, 0f)]
    [InlineData(2f, 0.5f)]
    [InlineData(3.99f, 0.5f)]
    [InlineData(4f, 1f)]
    [InlineData(100f, 1f)]
    public void Probability_takes_the_step_of_the_last_threshold_at_or_below_the_score(float score, float expected)
    {
        var isotonic = new IsotonicCalibration([1f, 2f, 4f], [0f, 0.5f, 1f]);

        Assert.Equal(expected, isotonic.Probability(score));
    }

    [Fact]
    public void Fit_pools_equal_scores_before_fitting()
    {
        var isotonic = IsotonicCalibration.Fit([1, 1, 2, 2], [true, false, false, false]);

        Assert.Equal([1f], isotonic.ScoreThresholds);
        Assert.Equal([0.25f], isotonic.Probabilities);
    }

    [Fact]
    public void Fit_on_noisy_data_is_monotone_and_independent_of_input_order()
    {
        var random = new Random(9);
        var scores = Enumerable.Range(0, 10_000).Select(_ => (float)Math.Round((random.NextDouble() * 8) - 4, 2)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-s))).ToArray();
        var order = Enumerable.Range(0, scores.Length).OrderBy(_ => random.Next()).ToArray();

        var isotonic = IsotonicCalibration.Fit(scores, labels);
        var shuffled = IsotonicCalibration.Fit(order.Select(i => scores[i]).ToArray(), order.Select(i => labels[i]).ToArray());

        var grid = Enumerable.Range(-500, 1001).Select(i => isotonic.Probability(i / 100f)).ToArray();
        Assert.True(grid.Zip(grid.Skip(1)).All(p => p.First <= p.Second), "probabilities must not decrease");
        Assert.True(grid[^1] - grid[0] > 0.8, $"the fit should follow the signal: {grid[0]} .. {grid[^1]}");
        Assert.Equal(isotonic.ScoreThresholds, shuffled.ScoreThresholds);
        Assert.Equal(isotonic.Probabilities, shuffled.Probabilities);
    }

    [Fact]
    public void Serialises_to_and_from_json()
    {
        var isotonic = new IsotonicCalibration([-1f, 0.5f], [0.1f, 0.8f]);

        var json = JsonSerializer.Serialize(isotonic);
        var back = JsonSerializer.Deserialize<IsotonicCalibration>(json)!;

        Assert.Equal("""{"ScoreThresholds":[-1,0.5],"Probabilities":[0.1,0.8]}""", json);
        Assert.Equal(isotonic.ScoreThresholds, back.ScoreThresholds);
        Assert.Equal(isotonic.Probabilities, back.Probabilities);
    }

    [Theory]
    [InlineData(new[] { 0f, 1f }, new[] { 0.6f, 0.4f }, "Probability 1 (0.4) must be in [0, 1] and not below the one before.")]
    [InlineData(new[] { 1f, 1f }, new[] { 0.1f, 0.2f }, "Threshold 1 (1) must be finite and above the one before.")]
    [InlineData(new[] { 0f }, new[] { 1.5f }, "Probability 0 (1.5) must be in [0, 1] and not below the one before.")]
    [InlineData(new float[0], new float[0], "Expected as many probabilities as thresholds, at least one: 0 thresholds, 0 probabilities.")]
    public void Constructor_refuses_a_step_function_that_is_not_a_calibration(float[] thresholds, float[] probabilities, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new IsotonicCalibration(thresholds, probabilities));

        Assert.StartsWith(message, error.Message);
    }
}
