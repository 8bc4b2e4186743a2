using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data.Catalog;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Decisioning;
using Recommender.Evaluation.OffPolicy;
using Recommender.Evaluation.Replay;
using Recommender.Simulation;

namespace Recommender.Evaluation.Tests.Replay;

/// <summary>
/// A scheduled send is logged with the probability of its message (<c>propensity</c>) and of its instant and channel
/// given the message (<c>send_time_propensity</c>). The replayed policies choose messages and leave the timing to the
/// logging policy's rule, so the timing's probability cancels: <c>evaluate</c> weighs a scheduled send by its message's
/// propensity alone. Three hand-built sends whose numbers can be checked on paper; weighing by the joint propensity
/// (as before this was found) gave 3.5 goals per decision where the target's value is at most 1.
/// </summary>
public sealed class SendTimePropensityTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_scheduled_send_is_weighed_by_its_messages_propensity_for_a_policy_over_messages()
    {
        var (data, log) = await WriteAsync();
        var inputs = await EvaluationInputs.ReadAsync(data, [log], default);
        var period = new EvaluationPeriod(T0.AddDays(-1), T0.AddDays(5), TimeSpan.FromHours(72));
        var engine = new DecisionEngine(new FixedScorer(), 1);

        var replay = DecisionReplay.Run(inputs, period, [engine], default);

        // a: scheduled, 0.5 for its message (its logged send-time propensity 0.25 cancels); b: scheduled, 0.8 (0.5 in the
        // report, 0.9 in the log: neither counts); c: decided for "now", 0.4.
        var byUser = replay.Decisions.ToDictionary(d => d.UserId, d => d.Propensity);
        Assert.Equal(0.5, byUser["a"]!.Value, 12);
        Assert.Equal(0.8, byUser["b"]!.Value, 12);
        Assert.Equal(0.4, byUser["c"]!.Value, 12);

        // The replayed policy sends "m" to each with probability 1; a and c reached the goal, b did not:
        // IPS = (1 / 0.5 + 0 + 1 / 0.4) / 3 = 1.5 goals per decision.
        var ips = new InverseProbabilityWeighting().Estimate(PolicyLogs.ForPolicy(replay.Decisions, 0, RewardMetric.Goals, inputs.Catalog));
        Assert.Equal(1.5, ips.Value, 12);
    }

    [Fact]
    public void The_logging_propensity_is_the_events_own_with_or_without_a_send_time()
    {
        var send = new UserEvent("e", "u", T0, EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("d", 0.3));
        var scheduled = new UserEvent("s", "u", T0, EventTypes.MessageSent, "m", Properties: """{"decision_id":"d","propensity":0.8,"send_time_propensity":0.5}""");
        var control = new UserEvent("n", "u", T0, EventTypes.DecisionNoSend, "m", Properties: """{"decision_id":"d","propensity":0.7,"send_time_propensity":0.5}""");

        Assert.Equal(0.3, DecisionReplay.LoggingPropensity(send));
        Assert.Equal(0.8, DecisionReplay.LoggingPropensity(scheduled));
        Assert.Equal(0.7, DecisionReplay.LoggingPropensity(control));
    }

    public void Dispose() => _temp.Dispose();

    private static MessageCatalog Catalog() => new()
    {
        Messages = [new MessageDefinition { Id = "m", Category = MessageCategory.Engagement, Channel = "email", Channels = ["email", "push"], GoalEvent = "g", Value = 10 }],
        Policy = new ContactPolicy { ExplorationRate = 0, QuietHours = null, Holdout = new GlobalHoldout { Share = 0 } },
    };

    private async Task<(string Data, string Log)> WriteAsync()
    {
        var data = _temp.File("data");
        Directory.CreateDirectory(data);
        CatalogJson.Save(Path.Combine(data, DataSetWriter.CatalogFile), Catalog());
        await ProfileParquetWriter.WriteAsync(Path.Combine(data, DataSetWriter.ProfilesFile),
            new[] { "a", "b", "c" }.Select(u => new UserProfile(u, T0.AddDays(-30), "DE", "Etc/UTC", 10, "pro")));
        UserEvent[] events =
        [
            new("a-sent", "a", T0.AddHours(5), EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("da", 0.5)),
            new("a-goal", "a", T0.AddHours(6), "g"),
            new("b-sent", "b", T0.AddHours(7), EventTypes.MessageSent, "m", Properties: """{"decision_id":"db","propensity":0.8,"send_time_propensity":0.5}"""),
            new("c-sent", "c", T0.AddHours(1), EventTypes.MessageSent, "m", Properties: EventProperties.OfDecision("dc", 0.4)),
            new("c-goal", "c", T0.AddHours(2), "g"),
            new("end", "c", T0.AddDays(9), "page_viewed"),
        ];
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(data, DataSetWriter.EventsFile)))
        {
            await writer.WriteAsync(events);
        }

        var log = _temp.File("log");
        await DecisionLogTestFile.WriteFolderAsync(log,
        [
            Logged("da", "a", T0, 0.5, T0.AddHours(5), 0.25),
            Logged("db", "b", T0, 0.8, T0.AddHours(7), 0.9),
            Logged("dc", "c", T0.AddHours(1), 0.4, null, null),
        ]);
        return (data, log);
    }

    private static DecisionLogEntry Logged(string id, string user, DateTime asOf, double propensity, DateTime? sendAt, double? sendTime) => new(
        id, user, asOf, null, "m", "best_expected_value", propensity, "v1",
        new Dictionary<string, double> { ["m"] = propensity, [DecisionLogColumns.NoSendAction] = 1 - propensity },
        [new LoggedScore("m", 0, 0.3, 0.1, 0.2, 0, 10, 2)], [], sendAt, sendAt is null ? null : "push", sendTime);
}
