using Recommender.Core.Catalog;
using Recommender.Decisioning.Rules;

namespace Recommender.Decisioning.Tests;

/// <summary>Arbitration, threshold, exploration and explanation of the engine on hand-made situations.</summary>
public sealed class DecisionEngineTests
{
    private static readonly MessageDefinition Low = new() { Id = "low", Category = MessageCategory.Engagement, Channel = "email", GoalEvent = "g1", Value = 10, RepeatableGoal = true };
    private static readonly MessageDefinition High = new() { Id = "high", Category = MessageCategory.Marketing, Channel = "email", GoalEvent = "g2", Value = 100, RepeatableGoal = true };

    [Fact]
    public void Best_expected_value_wins_within_a_tier()
    {
        var scenario = Two(Low, High);
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.1, 0.05, 0);
        scorer.ByMessage["low"] = new(0.5, 0.1, 0.01);   // EV = 0.4 × 10 − 0.01 × 20 = 3.8
        scorer.ByMessage["high"] = new(0.2, 0.15, 0.02); // EV = 0.05 × 100 − 0.02 × 20 = 4.6

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.Equal("high", decision.MessageId);
        Assert.Equal(DecisionReasons.BestExpectedValue, decision.Reason);
        Assert.Equal(4.6, decision.Scores.Single(s => s.MessageId == "high").ExpectedValue, 10);
        Assert.Equal(0.05, decision.Scores.Single(s => s.MessageId == "high").Uplift, 10);
        Assert.Equal(1.0, decision.Propensity);
    }

    [Fact]
    public void Higher_priority_tier_beats_a_higher_expected_value()
    {
        var scenario = Two(Low with { Priority = 1 }, High);
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0, 0, 0);
        scorer.ByMessage["low"] = new(0.2, 0.1, 0);
        scorer.ByMessage["high"] = new(0.9, 0.1, 0);

        Assert.Equal("low", new DecisionEngine(scorer).Decide(scenario.Request()).MessageId);
    }

    [Fact]
    public void Fatigue_cost_can_make_sending_nothing_best()
    {
        var scenario = Two(Low, High);
        scenario.Policy = scenario.Policy with { MinExpectedValue = 0 };
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.1, 0.1, 0.01);
        scorer.ByMessage["low"] = new(0.3, 0.1, 0.2);   // 2 − 4 < 0
        scorer.ByMessage["high"] = new(0.05, 0.04, 0.1); // 1 − 2 < 0

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.Null(decision.MessageId);
        Assert.Equal(DecisionReasons.BelowThreshold, decision.Reason);
        Assert.Equal(1.0, decision.Distribution[Decision.NoSendAction]);
        Assert.Equal(3, decision.Scores.Count);
    }

    [Fact]
    public void Without_control_estimates_uplift_falls_back_to_the_send_probability()
    {
        var scenario = Two(Low, High);
        var scorer = new FixedScorer(estimatesNoSend: false);
        scorer.ByMessage["low"] = new(0.5, 0.45, 0);

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.Equal(0.5, decision.Scores.Single(s => s.MessageId == "low").Uplift);
    }

    [Fact]
    public void Triggered_message_goes_first_at_once()
    {
        var scenario = Two(Low, High);
        scenario.Message = scenario.Message with { Trigger = new MessageTrigger { EventType = "teammate_invited", Count = 5, WithinHours = 24 }, Priority = 0 };
        for (var i = 0; i < 5; i++)
        {
            scenario.Add("teammate_invited", 1 + i * 0.1);
        }

        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.2, 0.1, 0);
        scorer.ByMessage["high"] = new(0.9, 0.1, 0);

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.Equal("m1", decision.MessageId);
        Assert.Equal(DecisionReasons.Triggered, decision.Reason);
    }

    [Fact]
    public void Suppressed_candidates_are_listed_with_rule_and_detail_and_never_scored()
    {
        var scenario = Two(Low, High with { Eligibility = new Eligibility { Plans = ["pro"] } });
        var decision = new DecisionEngine(new FixedScorer()).Decide(scenario.Request() with { Candidates = ["high", "low", "nope", "low"] });

        Assert.Equal(["high", "nope"], decision.Suppressed.Select(s => s.MessageId));
        Assert.Equal([RuleIds.EligibilityPlan, RuleIds.UnknownMessage], decision.Suppressed.Select(s => s.Rule));
        Assert.Equal(["low"], decision.Scores.Select(s => s.MessageId));
    }

    [Fact]
    public void Exploration_gives_every_action_a_share_and_replays_by_decision_id()
    {
        var scenario = Two(Low, High);
        scenario.Policy = scenario.Policy with { ExplorationRate = 0.2 };
        var engine = new DecisionEngine(new FixedScorer(), explorationSeed: 42);
        var chosen = new Dictionary<string, int>();

        for (var i = 0; i < 4_000; i++)
        {
            var decision = engine.Decide(scenario.Request($"d{i}"));
            Assert.Equal(1.0, decision.Distribution.Values.Sum(), 12);
            Assert.All(decision.Distribution.Values, p => Assert.True(p >= 0.05 - 1e-12));
            Assert.Equal(decision.Distribution[decision.MessageId ?? Decision.NoSendAction], decision.Propensity);
            Assert.Equal(decision, engine.Decide(scenario.Request($"d{i}")) with { Distribution = decision.Distribution, Scores = decision.Scores, Suppressed = decision.Suppressed });
            var key = decision.MessageId ?? Decision.NoSendAction;
            chosen[key] = chosen.GetValueOrDefault(key) + 1;
        }

        // 4 actions, ε = 0.2: each non-greedy action is chosen about 5% of the time.
        Assert.Equal(4, chosen.Count);
        Assert.All(chosen.Where(c => c.Value < 2_000), c => Assert.InRange(c.Value, 130, 280));
    }

    [Fact]
    public void A_must_fill_slot_sends_the_best_goal_probability_even_when_sending_nothing_would_be_better()
    {
        // Every EV is negative (fatigue dominates) and the threshold is high: a normal slot sends nothing.
        var scenario = Two(Low, High);
        scenario.Policy = scenario.Policy with { MinExpectedValue = 1_000, AllowNoSend = false, ExplorationRate = 0 };
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.01, 0.009, 0.5);   // 0.01 × value − 0.5 × 20
        scorer.ByMessage["low"] = new(0.9, 0.89, 0.5);    // P(goal | send) × value: 9; uplift 0.01 × 10 = 0.1
        scorer.ByMessage["high"] = new(0.2, 0.01, 0.5);   // P(goal | send) × value: 20; uplift 0.19 × 100 = 19

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        // Ranked by P(goal | send) × value − fatigue cost, not by uplift: high's 20 − 10 = 10 beats low's 9 − 10 = −1.
        Assert.Equal("high", decision.MessageId);
        Assert.Equal(20 - 10, decision.Scores.Single(s => s.MessageId == "high").ExpectedValue, 10);
        Assert.Equal(0.2, decision.Scores.Single(s => s.MessageId == "high").Uplift, 10);
        Assert.Equal(0.0, decision.Distribution[Decision.NoSendAction]);
        Assert.Equal(1.0, decision.Propensity);
    }

    [Fact]
    public void A_must_fill_slot_explores_among_messages_only()
    {
        var scenario = Two(Low, High);
        scenario.Policy = scenario.Policy with { AllowNoSend = false, ExplorationRate = 0.3 };
        var engine = new DecisionEngine(new FixedScorer(), explorationSeed: 7);
        var sentNothing = 0;

        for (var i = 0; i < 2_000; i++)
        {
            var decision = engine.Decide(scenario.Request($"d{i}"));
            Assert.Equal(0.0, decision.Distribution[Decision.NoSendAction]);
            Assert.Equal(1.0, decision.Distribution.Values.Sum(), 12);
            // Three messages share ε = 0.3: 0.1 each, the greedy one 0.8.
            Assert.All(decision.Distribution.Where(d => d.Key != Decision.NoSendAction), d => Assert.True(d.Value >= 0.1 - 1e-12, $"{d.Key} {d.Value}"));
            sentNothing += decision.MessageId is null ? 1 : 0;
        }

        Assert.Equal(0, sentNothing);
    }

    [Fact]
    public void A_must_fill_slot_still_obeys_the_hard_rules()
    {
        var scenario = Two(Low with { Eligibility = new Eligibility { Plans = ["nobody"] } }, High with { Eligibility = new Eligibility { Plans = ["nobody"] } });
        scenario.Policy = scenario.Policy with { AllowNoSend = false };
        var scorer = new FixedScorer();

        var decision = new DecisionEngine(scorer).Decide(scenario.Request());

        Assert.DoesNotContain(decision.Suppressed, s => s.MessageId == "m1");
        Assert.Contains(decision.Suppressed, s => s.MessageId == "low" && s.Rule == RuleIds.EligibilityPlan);
        Assert.Contains(decision.Suppressed, s => s.MessageId == "high" && s.Rule == RuleIds.EligibilityPlan);
        Assert.Equal("m1", decision.MessageId);
    }

    private static Scenario Two(MessageDefinition a, MessageDefinition b) => new()
    {
        OtherMessages = [a, b],
    };
}
