using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Training.Examples;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Examples;

/// <summary>
/// Every row of the synthetic world against the definition: one row per decision naming a catalog message, labels
/// from events strictly after the decision only (the goal's also before the next decision for the same goal),
/// features unchanged when everything after the decision is cut off.
/// </summary>
public sealed class LabelOracleTests(SyntheticWorld world) : IClassFixture<SyntheticWorld>
{
    [Fact]
    public void Rows_and_labels_match_a_naive_scan_of_each_users_log()
    {
        var builder = new ExampleBuilder(world.Catalog, world.Schema);
        var fatigue = TimeSpan.FromHours(world.Catalog.Policy.FatigueWindowHours);
        var rows = 0;
        foreach (var events in world.Users)
        {
            var block = new ExampleBlock(world.Schema.Count, 16);
            builder.Build(events, world.Profiles[events[0].UserId], block);

            var decisions = events.Where(e => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && world.Catalog.Find(e.MessageId ?? "") is not null).ToList();
            Assert.Equal(decisions.Count, block.Count);
            foreach (var (row, decision) in block.Rows().Zip(decisions))
            {
                var message = world.Catalog.Find(decision.MessageId!)!;
                var after = events.Where(e => e.Timestamp > decision.Timestamp).ToList();
                var treatment = decision.EventType == EventTypes.MessageSent;
                Assert.Equal((decision.MessageId, decision.Timestamp, treatment ? ExampleArm.Treatment : ExampleArm.Control), (row.MessageId, row.SentAt, row.Arm));
                var nextForGoal = after
                    .Where(e => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && world.Catalog.Find(e.MessageId ?? "")?.GoalEvent == message.GoalEvent)
                    .Select(e => e.Timestamp).DefaultIfEmpty(DateTime.MaxValue).Min();
                Assert.Equal(
                    after.Any(e => e.EventType == message.GoalEvent && e.Timestamp <= decision.Timestamp.AddHours(message.GoalWindowHours) && e.Timestamp <= nextForGoal),
                    row.LabelGoal);
                Assert.Equal(
                    treatment && after.Any(e => e.EventType is EventTypes.Unsubscribed or EventTypes.Complained && e.Timestamp <= decision.Timestamp + fatigue),
                    row.LabelUnsubscribe);
                Assert.Equal(EventPropertyReader.GetDouble(decision.Properties, "propensity"), row.Propensity);
                rows++;
            }
        }

        Assert.True(rows > 1_000, $"only {rows} rows: the world is too small to test anything");
    }

    [Fact]
    public void Cutting_off_everything_after_a_decision_leaves_its_features_unchanged()
    {
        var builder = new ExampleBuilder(world.Catalog, world.Schema);
        foreach (var events in world.Users.Take(60))
        {
            var full = new ExampleBlock(world.Schema.Count, 16);
            builder.Build(events, world.Profiles[events[0].UserId], full);
            for (var i = 0; i < full.Count; i++)
            {
                var row = full.Row(i);
                var cut = events.Where(e => e.Timestamp < row.SentAt).Append(events.First(e => e.Timestamp == row.SentAt && e.MessageId == row.MessageId && IsDecision(e))).ToList();
                var truncated = new ExampleBlock(world.Schema.Count, 16);
                builder.Build(cut, world.Profiles[events[0].UserId], truncated);

                Assert.Equal(row.Features, truncated.Row(truncated.Count - 1).Features);
            }
        }
    }

    [Fact]
    public void Every_feature_of_every_row_is_finite()
    {
        var builder = new ExampleBuilder(world.Catalog, world.Schema);
        var block = new ExampleBlock(world.Schema.Count, 1_024);
        foreach (var events in world.Users)
        {
            builder.Build(events, world.Profiles[events[0].UserId], block);
        }

        for (var j = 0; j < block.FeatureCount; j++)
        {
            foreach (var value in block.Feature(j))
            {
                Assert.True(float.IsFinite(value), $"{world.Schema.Names[j]} holds {value}");
            }
        }
    }

    private static bool IsDecision(UserEvent e) => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend;
}
