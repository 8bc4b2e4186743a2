using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

public sealed class EstimatorTests
{
    private const int Precision = 12;

    [Theory]
    [InlineData("ips", 2.625)]
    [InlineData("snips", 2.1)]
    [InlineData("dm", 0.99375)]
    [InlineData("dr", 2.05625)]
    public void Each_estimator_gives_the_hand_computed_value_on_the_tiny_log(string name, double expected)
    {
        var estimate = Estimator(name).Estimate(TinyLog.Create());

        Assert.Equal(name, estimate.Estimator);
        Assert.Equal(expected, estimate.Value, Precision);
        Assert.Equal(4, estimate.Decisions);
        Assert.Equal(0, estimate.SkippedDecisions);
    }

    [Theory]
    [InlineData("ips", 1.375)]
    [InlineData("snips", 5.5 / 3)]
    [InlineData("dr", 1.55625)]
    public void Clipping_cuts_weights_above_lambda_and_reports_how_many(string name, double expected)
    {
        var estimate = Estimator(name, new OffPolicyOptions { MaxWeight = 1 }).Estimate(TinyLog.Create());

        Assert.Equal(expected, estimate.Value, Precision);
        Assert.Equal(2, estimate.ClippedDecisions);
        Assert.Equal(2, estimate.LargestWeight!.Value, Precision);
        Assert.Equal(9 / 2.5, estimate.EffectiveSampleSize, Precision);
    }

    [Fact]
    public void Clipping_above_every_weight_changes_nothing()
    {
        var plain = new InverseProbabilityWeighting().Estimate(TinyLog.Create());
        var clipped = new InverseProbabilityWeighting(new OffPolicyOptions { MaxWeight = 2 }).Estimate(TinyLog.Create());

        Assert.Equal(plain.Value, clipped.Value, Precision);
        Assert.Equal(0, clipped.ClippedDecisions);
    }

    [Fact]
    public void Effective_sample_size_is_the_squared_sum_of_weights_over_the_sum_of_squares()
    {
        var estimates = OffPolicyEstimator.All().Select(e => e.Estimate(TinyLog.Create())).ToDictionary(e => e.Estimator);

        Assert.Equal(25 / 8.5, estimates["ips"].EffectiveSampleSize, Precision);
        Assert.Equal(25 / 8.5, estimates["snips"].EffectiveSampleSize, Precision);
        Assert.Equal(25 / 8.5, estimates["dr"].EffectiveSampleSize, Precision);
        Assert.Equal(4, estimates["dm"].EffectiveSampleSize); // the direct method weights every context alike
        Assert.Null(estimates["dm"].LargestWeight);
    }

    [Fact]
    public void Equal_weights_give_an_effective_sample_size_of_n_and_no_weight_warning()
    {
        var builder = new BanditLogBuilder();
        for (var i = 0; i < 50; i++)
        {
            builder.Add(i % 2 == 0 ? "A" : "B", 0.5, i % 3, 0.5);
        }

        var estimate = new InverseProbabilityWeighting().Estimate(builder.Build());

        Assert.Equal(50, estimate.EffectiveSampleSize, Precision);
        Assert.Empty(estimate.Warnings);
    }

    [Fact]
    public void The_target_equal_to_the_logging_policy_gives_the_average_reward()
    {
        var builder = new BanditLogBuilder();
        double[] rewards = [1, 0, 4, 2, 3];
        foreach (var r in rewards)
        {
            builder.Add("A", 0.3, r, [new("A", 0.3, 1), new("B", 0.7, 1)]);
        }

        var log = builder.Build();
        Assert.Equal(2, new InverseProbabilityWeighting().Estimate(log).Value, Precision);
        Assert.Equal(2, new SelfNormalizedInverseProbabilityWeighting().Estimate(log).Value, Precision);
        Assert.Equal(2, new DoublyRobust().Estimate(log).Value, Precision);
    }

    [Fact]
    public void Doubly_robust_with_a_perfect_reward_model_equals_the_direct_method()
    {
        // Rewards equal to the model's predictions leave nothing for the weighted correction to add.
        var log = TinyLog.Create() with { Rewards = [0.5, 2, 0, 1] };

        Assert.Equal(new DirectMethod().Estimate(log).Value, new DoublyRobust().Estimate(log).Value, Precision);
    }

    [Fact]
    public void Rows_without_a_propensity_are_skipped_by_the_weighting_estimators_with_a_warning()
    {
        var log = TinyLog.Create();
        log = log with { LoggingPropensities = [log.LoggingPropensities[0], null, log.LoggingPropensities[2], log.LoggingPropensities[3]] };

        var ips = new InverseProbabilityWeighting().Estimate(log);
        var dm = new DirectMethod().Estimate(log);

        Assert.Equal((0.5 + 0 + 4) / 3, ips.Value, Precision);
        Assert.Equal(3, ips.Decisions);
        Assert.Equal(1, ips.SkippedDecisions);
        var warning = Assert.Single(ips.Warnings);
        Assert.Equal(OffPolicyWarning.MissingPropensities, warning.Code);
        Assert.Equal("1 of 4 logged decisions have no logging propensity and were skipped; the estimate covers the other 3.", warning.Message);
        Assert.Equal(0.99375, dm.Value, Precision); // the direct method needs no propensity
        Assert.Empty(dm.Warnings);
    }

    [Fact]
    public void A_target_with_no_weight_on_any_logged_action_is_estimated_as_zero_by_SNIPS()
    {
        var estimate = new SelfNormalizedInverseProbabilityWeighting().Estimate(new BanditLogBuilder().Add("A", 0.5, 3, 0).Add("A", 0.5, 1, 0).Build());

        Assert.Equal(0, estimate.Value);
        Assert.Equal(0, estimate.EffectiveSampleSize);
    }

    [Fact]
    public void All_lists_the_four_estimators_with_the_given_options()
    {
        var options = new OffPolicyOptions { MaxWeight = 10, Seed = 99 };

        var all = OffPolicyEstimator.All(options);

        Assert.Equal(["ips", "snips", "dm", "dr"], all.Select(e => e.Name));
        Assert.All(all, e => Assert.Same(options, e.Options));
    }

    [Theory]
    [InlineData("MaxWeight")]
    [InlineData("BootstrapResamples")]
    [InlineData("ConfidenceLevel")]
    [InlineData("MinEffectiveSampleFraction")]
    [InlineData("LargeWeightThreshold")]
    public void Options_out_of_range_are_refused_naming_the_option(string option)
    {
        var options = option switch
        {
            "MaxWeight" => new OffPolicyOptions { MaxWeight = 0 },
            "BootstrapResamples" => new OffPolicyOptions { BootstrapResamples = 0 },
            "ConfidenceLevel" => new OffPolicyOptions { ConfidenceLevel = 1 },
            "MinEffectiveSampleFraction" => new OffPolicyOptions { MinEffectiveSampleFraction = -0.1 },
            _ => new OffPolicyOptions { LargeWeightThreshold = double.NaN },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InverseProbabilityWeighting(options));

        Assert.Equal(option, error.ParamName);
    }

    internal static OffPolicyEstimator Estimator(string name, OffPolicyOptions? options = null) =>
        OffPolicyEstimator.All(options).Single(e => e.Name == name);

    /// <summary>Two actions, uniform logging, a target favouring B, Bernoulli rewards.</summary>
    internal static BanditLog RandomLog(ulong seed, int n)
    {
        var rng = new Core.Randomness.DeterministicRandom(seed);
        var builder = new BanditLogBuilder();
        for (var i = 0; i < n; i++)
        {
            var b = rng.Bernoulli(0.5);
            var reward = rng.Bernoulli(b ? 0.6 : 0.3) ? 1 : 0;
            builder.Add(b ? "B" : "A", 0.5, reward, b ? 0.8 : 0.2);
        }

        return builder.Build();
    }
}
