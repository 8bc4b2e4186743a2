using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

public sealed class WarningTests
{
    [Fact]
    public void A_log_that_supports_the_target_well_gets_no_warning()
    {
        Assert.All(OffPolicyEstimator.All(), e => Assert.Empty(e.Estimate(TinyLog.Create()).Warnings));
    }

    [Fact]
    public void A_rare_logged_action_the_target_favours_warns_of_large_weights_and_a_small_effective_sample()
    {
        var builder = new BanditLogBuilder().Add("B", 0.002, 1, 1);
        for (var i = 0; i < 99; i++)
        {
            builder.Add("A", 0.998, 0, 0.01);
        }

        var estimate = new InverseProbabilityWeighting().Estimate(builder.Build());

        Assert.Equal([OffPolicyWarning.LowEffectiveSampleSize, OffPolicyWarning.LargeWeights], estimate.Warnings.Select(w => w.Code));
        Assert.Equal(
            "The effective sample size is 1, 1.0% of the 100 decisions (below 10%): the target policy differs so much from the logging policy that the estimate rests on few decisions.",
            estimate.Warnings[0].Message);
        Assert.Equal(
            "The largest importance weight is 500 (above 100): a few decisions the logging policy rarely made dominate the estimate. Consider clipping the weights (MaxWeight) or more exploration in the logging policy.",
            estimate.Warnings[1].Message);
    }

    [Fact]
    public void The_large_weight_warning_says_how_many_weights_were_clipped()
    {
        var log = new BanditLogBuilder().Add("B", 0.002, 1, 1).Add("A", 0.5, 1, 0.5).Build();

        var estimate = new InverseProbabilityWeighting(new OffPolicyOptions { MaxWeight = 20 }).Estimate(log);

        var warning = Assert.Single(estimate.Warnings, w => w.Code == OffPolicyWarning.LargeWeights);
        Assert.EndsWith("1 weights were clipped to 20.", warning.Message);
    }

    [Fact]
    public void Target_mass_on_actions_the_log_never_shows_is_reported_with_the_actions()
    {
        var log = new BanditLogBuilder()
            .Add("A", 0.5, 1, [new("A", 0.5, 1), new("C", 0.3, 2), new("D", 0.2, 0)])
            .Add("A", 0.5, 0, [new("A", 0.9, 1), new("C", 0.1, 2)])
            .Build();

        foreach (var estimator in OffPolicyEstimator.All())
        {
            var warning = Assert.Single(estimator.Estimate(log).Warnings);
            Assert.Equal(OffPolicyWarning.UnsupportedActions, warning.Code);
            Assert.Equal(
                "The target policy puts 30.0% of its probability on actions the log never shows (C, D): importance weighting cannot see their outcomes, so IPS and SNIPS undercount them and DM and DR rely on the reward model alone there.",
                warning.Message);
        }
    }

    [Fact]
    public void The_effective_sample_threshold_is_an_option()
    {
        var strict = new InverseProbabilityWeighting(new OffPolicyOptions { MinEffectiveSampleFraction = 0.9 }).Estimate(TinyLog.Create());

        Assert.Equal(OffPolicyWarning.LowEffectiveSampleSize, Assert.Single(strict.Warnings).Code);
    }
}
