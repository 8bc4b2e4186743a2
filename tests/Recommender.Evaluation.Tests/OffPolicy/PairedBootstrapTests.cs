using Recommender.Core.Randomness;
using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

/// <summary>
/// The champion/challenger verdict: a paired bootstrap over users of the difference between two target policies
/// evaluated on one log.
/// </summary>
public sealed class PairedBootstrapTests
{
    private const int Users = 300;

    /// <summary>
    /// A seeded log of 300 users × 5 decisions over actions "good" (reward ~ Bernoulli 0.6) and "bad" (Bernoulli 0.2),
    /// logged uniformly; each user has a random offset so that decisions of one user are correlated. The target puts
    /// <paramref name="goodShare"/> of its mass on "good".
    /// </summary>
    private static BanditLog Log(double goodShare, ulong seed = 11)
    {
        var rng = new DeterministicRandom(seed);
        var builder = new BanditLogBuilder();
        for (var u = 0; u < Users; u++)
        {
            var offset = 0.2 * (rng.NextDouble() - 0.5);
            for (var d = 0; d < 5; d++)
            {
                var good = rng.Bernoulli(0.5);
                var reward = rng.Bernoulli((good ? 0.6 : 0.2) + offset) ? 1.0 : 0.0;
                builder.Add(good ? "good" : "bad", 0.5, reward, [new("good", goodShare, 0.6), new("bad", 1 - goodShare, 0.2)], $"u{u}");
            }
        }

        return builder.Build();
    }

    /// <summary>The same decisions and outcomes with another target distribution (the same seed draws the same log).</summary>
    private static BanditLog Same(BanditLog log, double goodShare) => Log(goodShare) is var other && other.Rewards.SequenceEqual(log.Rewards)
        ? other
        : throw new InvalidOperationException("The seeded log is not reproducible.");

    [Theory]
    [InlineData("ips")]
    [InlineData("snips")]
    [InlineData("dm")]
    [InlineData("dr")]
    public void A_policy_that_takes_the_better_action_far_more_often_is_better(string estimator)
    {
        var champion = Log(0.2);
        var challenger = Same(champion, 0.9);

        var result = PairedBootstrap.Compare(Estimator(estimator), challenger, champion);

        Assert.Equal(Verdicts.Better, result.Verdict);
        Assert.True(result.CiLow > 0, $"{result.CiLow} should be above 0");
        Assert.InRange(result.Difference, 0.15, 0.45); // true difference (0.9 − 0.2) × 0.4 = 0.28
    }

    [Fact]
    public void Swapping_the_roles_gives_worse_with_the_opposite_difference()
    {
        var champion = Log(0.9);
        var challenger = Same(champion, 0.2);

        var result = PairedBootstrap.Compare(new DoublyRobust(), challenger, champion);

        Assert.Equal(Verdicts.Worse, result.Verdict);
        Assert.True(result.CiHigh < 0);
    }

    [Fact]
    public void For_a_metric_to_keep_low_more_of_it_is_worse()
    {
        var champion = Log(0.2);
        var challenger = Same(champion, 0.9);

        var result = PairedBootstrap.Compare(new DoublyRobust(), challenger, champion, higherIsBetter: false);

        Assert.Equal(Verdicts.Worse, result.Verdict);
    }

    [Fact]
    public void Identical_policies_are_not_distinguishable_with_a_zero_difference()
    {
        var log = Log(0.5);

        var result = PairedBootstrap.Compare(new InverseProbabilityWeighting(), log, log);

        Assert.Equal(Verdicts.NotDistinguishable, result.Verdict);
        Assert.Equal(0, result.Difference);
        Assert.Equal(0, result.CiLow);
        Assert.Equal(0, result.CiHigh);
    }

    [Fact]
    public void A_small_real_difference_is_resolved_by_pairing_although_the_separate_intervals_overlap()
    {
        var champion = Log(0.5);
        var challenger = Same(champion, 0.6);
        var options = new OffPolicyOptions();

        var paired = PairedBootstrap.Compare(new DoublyRobust(options), challenger, champion);
        var a = new DoublyRobust(options).Estimate(challenger);
        var b = new DoublyRobust(options).Estimate(champion);

        Assert.True(a.CiLow < b.CiHigh, "the separate intervals should overlap for this test to mean anything");
        Assert.Equal(Verdicts.Better, paired.Verdict);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        var champion = Log(0.3);
        var challenger = Same(champion, 0.7);

        Assert.Equal(
            PairedBootstrap.Compare(new SelfNormalizedInverseProbabilityWeighting(), challenger, champion),
            PairedBootstrap.Compare(new SelfNormalizedInverseProbabilityWeighting(), challenger, champion));
    }

    [Fact]
    public void Logs_of_different_decisions_are_refused_with_the_reason()
    {
        var champion = Log(0.3);
        var other = Log(0.3, seed: 12);

        var e = Assert.Throws<InvalidBanditLogException>(() => PairedBootstrap.Compare(new InverseProbabilityWeighting(), other, champion));

        Assert.Contains("same logged decisions", e.Message);
    }

    private static OffPolicyEstimator Estimator(string name) => OffPolicyEstimator.All().Single(e => e.Name == name);
}
