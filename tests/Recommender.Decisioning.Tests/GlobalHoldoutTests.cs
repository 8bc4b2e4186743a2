using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Tests;

/// <summary>The global holdout: a stable, salted share of users who get transactional messages only.</summary>
public sealed class GlobalHoldoutTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    public void The_share_of_users_held_out_is_the_configured_share(double share)
    {
        var holdout = new GlobalHoldout { Share = share };

        var held = Enumerable.Range(0, 100_000).Count(i => holdout.Contains($"u{i:D6}"));

        // Binomial(100,000, share): four standard deviations either side.
        var sd = Math.Sqrt(100_000 * share * (1 - share));
        Assert.InRange(held, 100_000 * share - 4 * sd, 100_000 * share + 4 * sd);
    }

    [Fact]
    public void Membership_is_stable_and_a_new_salt_draws_a_new_group()
    {
        var first = new GlobalHoldout { Share = 0.1, Salt = "a" };
        var again = new GlobalHoldout { Share = 0.1, Salt = "a" };
        var other = new GlobalHoldout { Share = 0.1, Salt = "b" };
        var users = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").ToArray();

        var inFirst = users.Where(first.Contains).ToHashSet();

        Assert.Equal(inFirst, users.Where(again.Contains).ToHashSet());
        var overlap = users.Where(other.Contains).Count(inFirst.Contains);
        // Independent draws: about 10 % of the first group is in the second as well, far from all of it.
        Assert.InRange(overlap, inFirst.Count * 0.05, inFirst.Count * 0.15);
        Assert.DoesNotContain(users, new GlobalHoldout { Share = 0 }.Contains);
    }

    [Fact]
    public void A_held_out_user_gets_transactional_messages_only_and_the_answer_names_the_rule()
    {
        var scenario = new Scenario
        {
            OtherMessages = [new MessageDefinition { Id = "receipt", Category = MessageCategory.Transactional, Channel = "email", GoalEvent = "g3", Value = 1, RepeatableGoal = true }],
        };
        scenario.Policy = scenario.Policy with { Holdout = new GlobalHoldout { Share = 1 } };
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.9, 0.1, 0);
        scorer.ByMessage["receipt"] = new(0.2, 0.1, 0);

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.Equal("receipt", decision.MessageId);
        var suppressed = Assert.Single(decision.Suppressed);
        Assert.Equal(("m1", Rules.RuleIds.GlobalHoldout), (suppressed.MessageId, suppressed.Rule));
        Assert.Equal("the user is in the global holdout (100 % of users, salt 'holdout-1'), which receives no promotional message", suppressed.Detail);
    }
}
