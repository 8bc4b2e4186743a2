using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Decisioning;
using Recommender.Decisioning.Timing;
using Recommender.Evaluation.OffPolicy;
using Recommender.Evaluation.Replay;
using Recommender.Simulation;

namespace Recommender.Evaluation.Tests.Replay;

/// <summary>
/// A scheduled send is logged at the instant it goes out, but it was decided earlier, with what was known then. The
/// replay asks each policy at the decision's instant (<c>decided_at</c>): a goal reached between the decision and the
/// send must not make the replayed policy see a user the logging policy never saw.
/// </summary>
public sealed class ScheduledSendReplayTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_scheduled_send_is_replayed_at_the_instant_it_was_decided_and_an_older_log_at_its_send()
    {
        var data = await WriteAsync(
        [
            // a: decided at 09:00 for 18:00; the goal happened at 12:00, in between.
            new("a-goal", "a", T0.AddHours(3), "g"),
            new("a-sent", "a", T0.AddHours(9), EventTypes.MessageSent, "m",
                Properties: EventProperties.OfScheduledDecision("da", 0.5, T0, T0.AddHours(9), "push", 0.25)),
            // b: the same, logged before decided_at existed.
            new("b-goal", "b", T0.AddHours(3), "g"),
            new("b-sent", "b", T0.AddHours(9), EventTypes.MessageSent, "m",
                Properties: """{"decision_id":"db","propensity":0.5,"send_at":"2026-03-02T18:00:00.0000000Z","channel":"push","send_time_propensity":0.25}"""),
            // c: a decided_at after its own send is no instant of a decision: the send's own is used.
            new("c-sent", "c", T0.AddHours(9), EventTypes.MessageSent, "m",
                Properties: EventProperties.OfScheduledDecision("dc", 0.5, T0.AddHours(10), T0.AddHours(9), "push", 0.25)),
            new("end", "c", T0.AddDays(9), "page_viewed"),
        ]);
        var inputs = await EvaluationInputs.ReadAsync(data, [], default);
        var period = new EvaluationPeriod(T0.AddDays(-1), T0.AddDays(5), TimeSpan.FromHours(72));

        var replay = DecisionReplay.Run(inputs, period, [new DecisionEngine(new FixedScorer(), 1)], default);
        var byUser = replay.Decisions.ToDictionary(d => d.UserId);

        // a: asked at 09:00, before the goal: the policy sends "m", as the logging policy could.
        Assert.Equal(T0, byUser["a"].At);
        Assert.Equal(T0, byUser["a"].Policies[0].Decision.AsOf);
        Assert.Equal("m", byUser["a"].Policies[0].Decision.MessageId);
        // b: no decided_at, so asked at its send, after the goal: "m" is suppressed there.
        Assert.Equal(T0.AddHours(9), byUser["b"].At);
        Assert.Null(byUser["b"].Policies[0].Decision.MessageId);
        Assert.Contains(byUser["b"].Policies[0].Decision.Suppressed, s => s.MessageId == "m" && s.Rule == "goal_reached");
        Assert.Equal(T0.AddHours(9), byUser["c"].At);
        // b's and c's decision instants are unknown, and the count the report states says so.
        Assert.Equal(2, replay.Counts.ScheduledWithoutDecidedAt);
        // The logged propensities are the events' own either way.
        Assert.All(replay.Decisions, d => Assert.Equal(0.5, d.Propensity));
    }

    /// <summary>
    /// A policy replayed with a look-ahead is weighed over (message, instant, channel). The engine here sends "m" now on
    /// its own channel (e-mail) with certainty (no exploration, every hour and channel alike, waiting costs), so its
    /// probability of a logged pair is 1 for (decision instant, e-mail) and 0 for any other. By hand:
    /// a: scheduled for 14:00 on push, p = 0.5 × 0.25, goal: weight 0;
    /// b: scheduled for its decision instant on e-mail, p = 0.8 × 0.5, no goal: weight 1 / 0.4, reward 0;
    /// c: sent "now" (no send time logged: its instant and channel were certain), p = 0.4, goal: weight 1 / 0.4.
    /// IPS = (0 + 0 + 2.5) / 3. Replayed "now only", the same log gives (1/0.5 + 0 + 1/0.4) / 3 = 1.5.
    /// </summary>
    [Fact]
    public async Task A_look_ahead_policy_is_weighed_by_its_probability_of_each_logged_instant_and_channel()
    {
        var data = await WriteAsync(
        [
            new("a-sent", "a", T0.AddHours(5), EventTypes.MessageSent, "m",
                Properties: EventProperties.OfScheduledDecision("da", 0.5, T0, T0.AddHours(5), "push", 0.25)),
            new("a-goal", "a", T0.AddHours(6), "g"),
            new("b-sent", "b", T0, EventTypes.MessageSent, "m",
                Properties: EventProperties.OfScheduledDecision("db", 0.8, T0, T0, "email", 0.5)),
            new("c-sent", "c", T0.AddHours(1), EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("dc", 0.4)),
            new("c-goal", "c", T0.AddHours(2), "g"),
            new("end", "c", T0.AddDays(9), "page_viewed"),
        ]);
        var inputs = await EvaluationInputs.ReadAsync(data, [], default);
        var period = new EvaluationPeriod(T0.AddDays(-1), T0.AddDays(5), TimeSpan.FromHours(72));
        var engine = new DecisionEngine(new FixedScorer(), 1);

        var timed = DecisionReplay.Run(inputs, period, [engine], default, new SendTimeOptions());
        var nowOnly = DecisionReplay.Run(inputs, period, [engine], default);

        var ratios = timed.Decisions.ToDictionary(d => d.UserId, d => d.Policies[0].TimingRatio);
        Assert.Equal(0, timed.Counts.ScheduledWithoutDecidedAt); // b was decided and sent at one instant: dated all the same
        Assert.Equal(0, ratios["a"]);
        Assert.Equal(2, ratios["b"], 12);
        Assert.Equal(1, ratios["c"], 12);
        Assert.All(nowOnly.Decisions, d => Assert.Equal(1, d.Policies[0].TimingRatio));
        var ips = new InverseProbabilityWeighting();
        var timedEstimate = ips.Estimate(PolicyLogs.ForPolicy(timed.Decisions, 0, RewardMetric.Goals, inputs.Catalog));
        var nowEstimate = ips.Estimate(PolicyLogs.ForPolicy(nowOnly.Decisions, 0, RewardMetric.Goals, inputs.Catalog));
        Assert.Equal(2.5 / 3, timedEstimate.Value, 12);
        Assert.Equal(1.5, nowEstimate.Value, 12);

        // a's send is one the policy would make, at another instant and channel: the ratios average (0 + 2 + 1) / 3 = 1,
        // so nothing is missing on average here; a log of sends "now" only, where the policy would often wait, is.
        Assert.DoesNotContain(timedEstimate.Warnings, w => w.Code == OffPolicyWarning.OtherTiming);
        Assert.DoesNotContain(nowEstimate.Warnings, w => w.Code == OffPolicyWarning.OtherTiming);
    }

    /// <summary>
    /// A log of sends decided "now", evaluated for a policy that would send every one of them at 20:00: the log shows
    /// none of the sends it would make, and the estimate says so instead of passing 0 off as the policy's value.
    /// </summary>
    [Fact]
    public async Task A_look_ahead_policy_that_would_wait_is_flagged_on_a_log_of_sends_now()
    {
        var data = await WriteAsync(
        [
            new("a-sent", "a", T0.AddHours(1), EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("da", 0.5)),
            new("a-goal", "a", T0.AddHours(2), "g"),
            new("b-sent", "b", T0.AddHours(2), EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("db", 0.5)),
            new("end", "c", T0.AddDays(9), "page_viewed"),
        ]);
        var inputs = await EvaluationInputs.ReadAsync(data, [], default);
        var period = new EvaluationPeriod(T0.AddDays(-1), T0.AddDays(5), TimeSpan.FromHours(72));
        var evening = new DecisionEngine(new FixedScorer(), 1, new EveningArrival());

        var replay = DecisionReplay.Run(inputs, period, [evening], default, new SendTimeOptions());
        var estimate = new InverseProbabilityWeighting().Estimate(PolicyLogs.ForPolicy(replay.Decisions, 0, RewardMetric.Goals, inputs.Catalog));

        Assert.All(replay.Decisions, d => Assert.Equal(T0.Date.AddHours(20), d.Policies[0].Decision.Scores.Single().SendAt));
        Assert.Equal(0, estimate.Value);
        Assert.Contains(estimate.Warnings, w => w.Code == OffPolicyWarning.OtherTiming && w.Message.StartsWith("The target would send about 100% ", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Every user three times as responsive at 20:00 as at any other hour.</summary>
    private sealed class EveningArrival : IArrivalModel
    {
        public ArrivalProfile Profile(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf) =>
            new([.. Enumerable.Range(0, 24).Select(h => h == 20 ? 3.0 : 1.0)], [], 1);
    }

    private async Task<string> WriteAsync(UserEvent[] events)
    {
        var data = _temp.File("data");
        Directory.CreateDirectory(data);
        CatalogJson.Save(Path.Combine(data, DataSetWriter.CatalogFile), new MessageCatalog
        {
            Messages = [new MessageDefinition { Id = "m", Category = MessageCategory.Engagement, Channel = "email", Channels = ["email", "push"], GoalEvent = "g", Value = 10 }],
            Policy = new ContactPolicy { ExplorationRate = 0, QuietHours = null, Holdout = new GlobalHoldout { Share = 0 } },
        });
        await ProfileParquetWriter.WriteAsync(Path.Combine(data, DataSetWriter.ProfilesFile),
            new[] { "a", "b", "c" }.Select(u => new UserProfile(u, T0.AddDays(-30), "DE", "Etc/UTC", 10, "pro")));
        await using var writer = await EventParquetWriter.CreateAsync(Path.Combine(data, DataSetWriter.EventsFile));
        await writer.WriteAsync(events);
        return data;
    }
}
