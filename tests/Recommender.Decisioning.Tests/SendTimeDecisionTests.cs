using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Decisioning.Rules;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// Decisions that choose when and on which channel: rules as of the chosen instant, the user's hours and channels,
/// and the propensity of the (instant, channel) pair.
/// </summary>
public sealed class SendTimeDecisionTests
{
    private static readonly SendTimeOptions Day = new();

    [Fact]
    public void Quiet_hours_now_move_the_send_to_the_first_hour_after_them()
    {
        var scenario = new Scenario();
        var lateEvening = Scenario.Now.AddHours(8); // 23:00 in the user's zone (UTC); quiet hours 22–7
        var engine = new DecisionEngine(new FixedScorer(), arrival: new FixedArrival(ArrivalProfile.Neutral));

        var nowOnly = engine.Decide(scenario.Request(asOf: lateEvening));
        var ahead = engine.Decide(scenario.Request(asOf: lateEvening) with { SendTime = Day });

        Assert.Null(nowOnly.MessageId);
        Assert.Equal(RuleIds.QuietHours, nowOnly.Suppressed.Single().Rule);
        Assert.Null(nowOnly.SendAt);
        Assert.Equal("m1", ahead.MessageId);
        Assert.Equal(new DateTime(2026, 3, 11, 7, 0, 0, DateTimeKind.Utc), ahead.SendAt);
        Assert.Equal("email", ahead.Channel);
        Assert.Empty(ahead.Suppressed);
    }

    [Fact]
    public void A_day_cap_reached_now_frees_the_send_once_the_older_send_leaves_the_window()
    {
        // Overall cap: 2 a day. The send 23 h ago leaves the rolling day only after 24 h have passed, so an hour
        // from now it still counts, and two hours from now it does not.
        var scenario = new Scenario().Sent("m1", 23).Sent("m1", 5);
        scenario.Message = scenario.Message with { RepeatableGoal = true };
        var engine = new DecisionEngine(new FixedScorer(), arrival: new FixedArrival(ArrivalProfile.Neutral));

        var decision = engine.Decide(scenario.Request() with { SendTime = Day });

        var profile = scenario.Profile;
        Assert.Equal(RuleIds.CapOverall, NaiveRules.FirstViolation(scenario.Events, profile, scenario.Catalog, scenario.Message, Scenario.Now));
        Assert.Equal(RuleIds.CapOverall, NaiveRules.FirstViolation(scenario.Events, profile, scenario.Catalog, scenario.Message, Scenario.Now.AddHours(1)));
        Assert.Equal(Scenario.Now.AddHours(2), decision.SendAt);
        Assert.Null(NaiveRules.FirstViolation(scenario.Events, profile, scenario.Catalog, scenario.Message, decision.SendAt!.Value));
    }

    [Fact]
    public void The_user_s_active_hour_and_the_channel_they_read_are_chosen()
    {
        // Active at 19:00 Berlin (18:00 UTC) for three weeks; push messages opened, e-mails never.
        var scenario = new Scenario { Profile = new Scenario().Profile with { Timezone = "Europe/Berlin" } };
        scenario.Policy = scenario.Policy with { Overall = new FrequencyCap(), MinGapHours = 0 };
        scenario.Message = scenario.Message with { Channels = ["email", "push", "in_app"], RepeatableGoal = true };
        scenario.OtherMessages =
        [
            new MessageDefinition { Id = "news", Category = MessageCategory.Marketing, Channel = "email", GoalEvent = "x", MaxSends = 1 },
            new MessageDefinition { Id = "tip", Category = MessageCategory.Marketing, Channel = "push", GoalEvent = "x", MaxSends = 1 },
        ];
        for (var day = 1; day <= 21; day++)
        {
            scenario.Add("task_created", 24 * day - 3).Add("task_created", 24 * day - 3.5);
        }

        for (var day = 2; day <= 20; day += 3)
        {
            scenario.Sent("news", 24 * day).Sent("tip", 24 * day + 1).Add(EventTypes.MessageOpened, 24 * day + 0.5, "tip");
        }

        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.3, 0.1, 0);
        var decision = new DecisionEngine(scorer).Decide(scenario.Request() with { SendTime = Day });

        Assert.Equal("m1", decision.MessageId);
        Assert.Equal("push", decision.Channel);
        Assert.Equal(Scenario.Now.AddHours(3), decision.SendAt); // 18:00 UTC, 19:00 in Berlin
        var score = decision.Scores.Single(s => s.MessageId == "m1");
        Assert.True(score.ArrivalFactor > 1.5, $"arrival factor {score.ArrivalFactor}");
        Assert.Equal(0.2 * 10 * score.ArrivalFactor!.Value, score.ExpectedValue, 9);

        // The push channel at its cap: the same hour, on the message's own channel.
        scenario.Policy = scenario.Policy with { ChannelCaps = new Dictionary<string, FrequencyCap> { ["push"] = new() { PerWeek = 1 } } };
        scenario.Sent("tip", 30);
        var capped = new DecisionEngine(scorer).Decide(scenario.Request() with { SendTime = Day });
        Assert.NotEqual("push", capped.Channel);
        Assert.Equal(Scenario.Now.AddHours(3), capped.SendAt);
    }

    [Fact]
    public void With_no_difference_between_hours_or_channels_the_send_goes_now_on_the_message_s_own_channel()
    {
        var scenario = new Scenario();
        scenario.Message = scenario.Message with { Channels = ["push", "email"] };
        var engine = new DecisionEngine(new FixedScorer(), arrival: new FixedArrival(ArrivalProfile.Neutral));

        var decision = engine.Decide(scenario.Request() with { SendTime = Day });

        Assert.Equal(Scenario.Now, decision.SendAt);
        Assert.Equal("email", decision.Channel);
        Assert.Equal(1.0, decision.SendTimePropensity);
        Assert.Equal(DecisionReasons.BestExpectedValue, decision.Reason);
    }

    [Fact]
    public void Exploration_spreads_over_the_eligible_instants_and_channels_with_the_logged_probability()
    {
        const double Epsilon = 0.2;
        const int Draws = 4000;
        var scenario = new Scenario();
        scenario.Policy = scenario.Policy with { ExplorationRate = Epsilon, QuietHours = null };
        scenario.Message = scenario.Message with { Channels = ["email", "push"] };
        var scorer = new FixedScorer();
        scorer.ByMessage["m1"] = new(0.5, 0.1, 0);
        var engine = new DecisionEngine(scorer, explorationSeed: 5, arrival: new FixedArrival(ArrivalProfile.Neutral));
        var options = new SendTimeOptions { LookAheadHours = 4 };

        var best = 0;
        var scheduled = 0;
        foreach (var i in Enumerable.Range(0, Draws))
        {
            var d = engine.Decide(scenario.Request($"d{i}") with { SendTime = options });
            if (d.MessageId is null)
            {
                continue;
            }

            scheduled++;
            Assert.Equal(8, d.SendTimeChoices); // 4 instants × 2 channels
            var isBest = d.SendAt == Scenario.Now && d.Channel == "email";
            best += isBest ? 1 : 0;
            Assert.Equal(isBest ? 1 - Epsilon + Epsilon / 8 : Epsilon / 8, d.SendTimePropensity!.Value, 12);
            Assert.Equal(isBest ? DecisionReasons.BestExpectedValue : DecisionReasons.ExploredSendTime, d.Reason);
            Assert.InRange(d.SendAt!.Value, Scenario.Now, Scenario.Now.AddHours(3));
        }

        // The best pair's share matches its logged probability (0.825) within a few standard errors.
        Assert.InRange(best / (double)scheduled, 0.80, 0.85);
    }

    [Fact]
    public void A_look_ahead_out_of_range_is_refused_with_the_field_and_the_range()
    {
        var engine = new DecisionEngine(new FixedScorer());
        var error = Assert.Throws<ArgumentException>(() =>
            engine.Decide(new Scenario().Request() with { SendTime = new SendTimeOptions { LookAheadHours = 500 } }));
        Assert.Contains("look_ahead_hours", error.Message);
        Assert.Contains("168", error.Message);
    }
}
