using Recommender.Simulation.ClosedLoop;

namespace Recommender.Simulation.Tests;

/// <summary>Closed-loop runs: deterministic, measured, and ordered the way the truth says they should be.</summary>
public sealed class ClosedLoopTests
{
    private static readonly WorldOptions Small = new() { Users = 600, Days = 40, Seed = 5 };

    [Fact]
    public void The_oracle_creates_more_value_with_fewer_opt_outs_than_random_sending()
    {
        var catalog = SyntheticCatalog.Create();
        var random = ClosedLoopRunner.Run("random", Small, catalog, SimulationPolicies.Create("random", catalog, 1));
        var oracle = ClosedLoopRunner.Run("oracle", Small, catalog, SimulationPolicies.Create("oracle", catalog, 1));

        Assert.True(oracle.TotalValue > random.TotalValue * 1.1, $"oracle {oracle.TotalValue:F0} vs random {random.TotalValue:F0}");
        Assert.True(oracle.Unsubscribes + oracle.Complaints < random.Unsubscribes + random.Complaints,
            $"oracle opt-outs {oracle.Unsubscribes + oracle.Complaints} vs random {random.Unsubscribes + random.Complaints}");
        Assert.NotEmpty(oracle.Suppressions);
    }

    [Fact]
    public void Same_seed_gives_the_same_result()
    {
        var catalog = SyntheticCatalog.Create();
        var options = Small with { Users = 200 };
        var first = ClosedLoopRunner.Run("oracle", options, catalog, SimulationPolicies.Create("oracle", catalog, 3));
        var again = ClosedLoopRunner.Run("oracle", options, catalog, SimulationPolicies.Create("oracle", catalog, 3));

        Assert.Equal(first with { Suppressions = again.Suppressions }, again);
        Assert.Equal(first.Suppressions, again.Suppressions);
    }

    [Fact]
    public void Drip_sends_every_step_of_its_sequence_and_ignores_the_rules()
    {
        var catalog = SyntheticCatalog.Create();
        var drip = ClosedLoopRunner.Run("drip", Small, catalog, SimulationPolicies.Create("drip", catalog, 1));

        Assert.Empty(drip.Suppressions);
        Assert.True(drip.Sends > Small.Users * 5, $"drip sent only {drip.Sends} messages to {Small.Users} users");
    }

    [Fact]
    public void Model_policies_without_a_model_are_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => SimulationPolicies.Create("model", SyntheticCatalog.Create(), 1));
        Assert.Contains("needs a trained model", error.Message);
        Assert.Throws<ArgumentException>(() => SimulationPolicies.Create("greedy", SyntheticCatalog.Create(), 1));
    }
}
