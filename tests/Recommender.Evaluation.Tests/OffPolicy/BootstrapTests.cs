using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

public sealed class BootstrapTests
{
    private const int Precision = 12;

    [Fact]
    public void The_bootstrap_interval_is_reproducible_from_its_seed_and_moves_with_it()
    {
        var log = EstimatorTests.RandomLog(seed: 3, n: 400);

        var first = new InverseProbabilityWeighting(new OffPolicyOptions { Seed = 1 }).Estimate(log);
        var again = new InverseProbabilityWeighting(new OffPolicyOptions { Seed = 1 }).Estimate(log);
        var other = new InverseProbabilityWeighting(new OffPolicyOptions { Seed = 2 }).Estimate(log);

        Assert.Equal((first.CiLow, first.CiHigh), (again.CiLow, again.CiHigh));
        Assert.NotEqual((first.CiLow, first.CiHigh), (other.CiLow, other.CiHigh));
        Assert.True(first.CiLow < first.Value && first.Value < first.CiHigh);
    }

    [Fact]
    public void The_bootstrap_interval_of_IPS_matches_the_normal_interval_on_a_large_log()
    {
        var log = EstimatorTests.RandomLog(seed: 5, n: 4_000);
        var estimate = new InverseProbabilityWeighting(new OffPolicyOptions { BootstrapResamples = 2_000 }).Estimate(log);

        var terms = Enumerable.Range(0, log.Count).Select(i => log.TargetPropensities[i] / log.LoggingPropensities[i]!.Value * log.Rewards[i]).ToArray();
        var halfWidth = 1.959964 * MathNet.Numerics.Statistics.Statistics.StandardDeviation(terms) / Math.Sqrt(terms.Length);

        Assert.Equal(terms.Average(), estimate.Value, Precision);
        Assert.InRange((estimate.CiHigh - estimate.CiLow) / 2, 0.9 * halfWidth, 1.1 * halfWidth);
        Assert.InRange((estimate.CiHigh + estimate.CiLow) / 2, estimate.Value - 0.1 * halfWidth, estimate.Value + 0.1 * halfWidth);
    }

    [Fact]
    public void A_constant_log_gives_a_zero_width_interval()
    {
        var builder = new BanditLogBuilder();
        for (var i = 0; i < 20; i++)
        {
            builder.Add("A", 0.5, 3, 0.5);
        }

        var estimate = new SelfNormalizedInverseProbabilityWeighting().Estimate(builder.Build());

        Assert.Equal((3.0, 3.0, 3.0), (estimate.CiLow, estimate.Value, estimate.CiHigh));
    }

    [Fact]
    public void Clusters_of_one_decision_each_give_the_same_interval_as_resampling_decisions()
    {
        var log = EstimatorTests.RandomLog(seed: 4, n: 300);
        var singletons = log with { Clusters = [.. Enumerable.Range(0, log.Count).Select(i => "u" + i)] };

        var byDecision = new SelfNormalizedInverseProbabilityWeighting().Estimate(log);
        var byCluster = new SelfNormalizedInverseProbabilityWeighting().Estimate(singletons);

        Assert.Equal((byDecision.CiLow, byDecision.CiHigh), (byCluster.CiLow, byCluster.CiHigh));
        Assert.Null(byDecision.Clusters);
        Assert.Equal(300, byCluster.Clusters);
    }

    [Fact]
    public void Resampling_users_widens_the_interval_when_a_users_decisions_move_together()
    {
        // Every user's four decisions are copies: resampled one by one they look like four independent observations.
        var one = EstimatorTests.RandomLog(seed: 6, n: 500);
        int[] rows = [.. Enumerable.Range(0, 4 * one.Count).Select(i => i / 4)];
        var copies = one with
        {
            Actions = [.. rows.Select(i => one.Actions[i])],
            LoggingPropensities = [.. rows.Select(i => one.LoggingPropensities[i])],
            Rewards = [.. rows.Select(i => one.Rewards[i])],
            TargetPropensities = [.. rows.Select(i => one.TargetPropensities[i])],
        };
        var users = copies with { Clusters = [.. rows.Select(i => "u" + i)] };

        var byDecision = new InverseProbabilityWeighting().Estimate(copies);
        var byUser = new InverseProbabilityWeighting().Estimate(users);

        Assert.Equal(byDecision.Value, byUser.Value, Precision);
        Assert.InRange((byUser.CiHigh - byUser.CiLow) / (byDecision.CiHigh - byDecision.CiLow), 1.7, 2.3); // about √4
    }
}
