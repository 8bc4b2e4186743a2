using Recommender.Core.Catalog;
using Recommender.Evaluation.Incrementality;
using Recommender.Simulation;
using Recommender.Simulation.ClosedLoop;

namespace Recommender.Evaluation.Tests.Incrementality;

/// <summary>The holdout's measured lift against the synthetic world's truth, and the estimator on numbers worked by hand.</summary>
public sealed class HoldoutLiftTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void The_lift_and_its_interval_are_the_difference_of_the_means_and_welchs_normal_interval()
    {
        // Messaged values 2, 4, 6 (mean 4, variance 4); held out 1, 3 (mean 2, variance 2).
        HoldoutUser[] users = [new(false, 1, 2), new(false, 1, 4), new(false, 1, 6), new(true, 0, 1), new(true, 0, 3)];

        var lift = HoldoutLift.Estimate(users)!;

        Assert.Equal((2, 3), (lift.HeldOutUsers, lift.MessagedUsers));
        Assert.Equal(4, lift.ValuePerUser.Messaged, 12);
        Assert.Equal(2, lift.ValuePerUser.HeldOut, 12);
        Assert.Equal(2, lift.ValuePerUser.Lift, 12);
        var se = Math.Sqrt(4.0 / 3 + 2.0 / 2);
        Assert.Equal(2 - 1.959963984540054 * se, lift.ValuePerUser.CiLow, 12);
        Assert.Equal(2 + 1.959963984540054 * se, lift.ValuePerUser.CiHigh, 12);
        Assert.Equal(1, lift.GoalsPerUser.Lift, 12);
        Assert.Null(HoldoutLift.Estimate([new(false, 1, 1), new(true, 0, 0), new(true, 0, 0)]));
    }

    [Fact]
    public void Over_twenty_seeds_the_holdout_interval_covers_the_true_incremental_value_at_least_seventeen_times()
    {
        var catalog = SyntheticCatalog.Create();
        catalog = catalog with { Policy = catalog.Policy with { Holdout = new GlobalHoldout { Share = 0.5, Salt = "coverage" } } };
        var covered = 0;
        var misses = new List<string>();
        for (var seed = 1UL; seed <= 20; seed++)
        {
            var outcomes = new List<SimulatedOutcome>();
            var world = new WorldOptions { Users = 600, Days = 30, Seed = seed };
            ClosedLoopRunner.Run("random", world, catalog, SimulationPolicies.Create("random", catalog, seed), outcomes);

            var lift = HoldoutLift.Estimate(outcomes.Select(o => new HoldoutUser(o.HeldOut, o.Goals, o.Value)))!;
            // The truth: what the sends added per messaged user, less what transactional sends added per held-out user.
            var truth = outcomes.Where(o => !o.HeldOut).Average(o => o.TrueIncrementalValue) - outcomes.Where(o => o.HeldOut).Average(o => o.TrueIncrementalValue);
            if (lift.ValuePerUser.CiLow <= truth && truth <= lift.ValuePerUser.CiHigh)
            {
                covered++;
            }
            else
            {
                misses.Add($"seed {seed}: truth {truth:F3}, interval [{lift.ValuePerUser.CiLow:F3}, {lift.ValuePerUser.CiHigh:F3}]");
            }

            Assert.InRange(lift.HeldOutUsers, 240, 360); // half of 600, give or take
        }

        output.WriteLine($"covered {covered}/20; misses: {string.Join("; ", misses)}");
        Assert.True(covered >= 17, $"covered {covered}/20; misses: {string.Join("; ", misses)}");
    }
}
