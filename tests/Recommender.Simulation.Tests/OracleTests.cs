using Recommender.Core.Events;
using Recommender.Core.Randomness;

namespace Recommender.Simulation.Tests;

/// <summary>
/// The world's true probabilities are what later work measures models and policies against, so they must be
/// the truth: the outcomes the world produces agree with them, and they move the way the dynamics say.
/// </summary>
public sealed class OracleTests
{
    [Fact]
    public void True_goal_probabilities_match_the_goals_observed_in_the_log()
    {
        var options = new WorldOptions { Users = 1_500, Days = 45, Seed = 3 };
        var catalog = SyntheticCatalog.Create();
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        var simulator = new UserSimulator(options, catalog, rng => new RecordingPolicy(new LoggingPolicy(options, rng), recorded));

        double expected = 0, variance = 0;
        var observed = 0;
        var rows = 0;
        for (var u = 0; u < options.Users; u++)
        {
            var events = simulator.Run(u);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.EventType != EventTypes.MessageSent && e.EventType != EventTypes.DecisionNoSend)
                {
                    continue;
                }

                var m = catalog.Find(e.MessageId!)!;
                var end = e.Timestamp.AddHours(m.GoalWindowHours);
                if (end >= options.End)
                {
                    continue; // outcomes past the end of the log are cut off
                }

                // The oracle is the truth given no further intervention: a later decision on the same goal inside
                // the window draws its own chance, so such rows are left out.
                var later = events.Skip(i + 1).TakeWhile(x => x.Timestamp <= end);
                if (later.Any(x => x.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && catalog.Find(x.MessageId!)!.GoalEvent == m.GoalEvent))
                {
                    continue;
                }

                var p = recorded[DecisionId(e)];
                expected += p;
                variance += p * (1 - p);
                rows++;
                if (events.Skip(i + 1).TakeWhile(x => x.Timestamp <= end).Any(x => x.EventType == m.GoalEvent))
                {
                    observed++;
                }
            }
        }

        Assert.True(rows > 5_000, $"only {rows} decisions");
        Assert.True(Math.Abs(observed - expected) < 4 * Math.Sqrt(variance),
            $"{observed} goals observed, {expected:F1} expected from the oracle (sd {Math.Sqrt(variance):F1}) over {rows} decisions");
    }

    [Fact]
    public void Same_seed_gives_the_same_log_and_another_seed_another()
    {
        var catalog = SyntheticCatalog.Create();
        IReadOnlyList<UserEvent> Log(ulong seed) =>
            new WorldGenerator(new WorldOptions { Users = 300, Days = 30, Seed = seed }, catalog)
                .Generate().SelectMany(b => b.Events).SelectMany(e => e).ToList();

        var first = Log(5);
        var again = Log(5);
        var other = Log(6);

        Assert.Equal(first, again);
        Assert.NotEmpty(first);
        Assert.False(first.SequenceEqual(other));
    }

    [Fact]
    public void Each_users_events_are_in_time_order_inside_the_period_with_unique_ids()
    {
        var options = new WorldOptions { Users = 400, Days = 30, Seed = 9 };
        var blocks = new WorldGenerator(options, SyntheticCatalog.Create()).Generate().ToList();
        var ids = new HashSet<string>();
        foreach (var block in blocks)
        {
            for (var u = 0; u < block.Users.Count; u++)
            {
                var events = block.Events[u];
                Assert.Equal(ProductEvents.SignedUp, events[0].EventType);
                Assert.Equal(block.Users[u].SignupAt, events[0].Timestamp);
                for (var i = 0; i < events.Count; i++)
                {
                    Assert.True(ids.Add(events[i].EventId), $"duplicate event id {events[i].EventId}");
                    Assert.Equal(block.Users[u].Profile.UserId, events[i].UserId);
                    Assert.InRange(events[i].Timestamp, options.Start, options.End);
                    Assert.Equal(DateTimeKind.Utc, events[i].Timestamp.Kind);
                    if (i > 0)
                    {
                        Assert.True(events[i - 1].Timestamp <= events[i].Timestamp, $"{events[i].EventId} is out of order");
                    }
                }
            }
        }

        Assert.Equal(options.Users, blocks.Sum(b => b.Users.Count));
    }

    [Fact]
    public void Fatigue_raises_the_true_unsubscribe_probability_and_damps_the_lift()
    {
        var options = new WorldOptions();
        var catalog = SyntheticCatalog.Create();
        var user = Population.Draw(options, 42);
        var state = new UserWorldState(user, options);
        var at = user.SignupAt.AddDays(3);
        var message = catalog.Find("webinar_invite")!;
        var (unsubBefore, liftBefore) = (ResponseModel.UnsubscribeProbability(state, message, at), ResponseModel.Lift(state, message, at));

        for (var i = 0; i < 4; i++)
        {
            state.RecordSend("task_templates", at.AddHours(-4 * (i + 1)));
        }

        Assert.True(ResponseModel.UnsubscribeProbability(state, message, at) > unsubBefore * 1.5);
        Assert.True(ResponseModel.Lift(state, message, at) < liftBefore);
    }


    private static string DecisionId(UserEvent e)
    {
        var p = e.Properties!;
        var start = p.IndexOf("\"decision_id\":\"", StringComparison.Ordinal) + 15;
        return p[start..p.IndexOf('"', start)];
    }

    /// <summary>Lets the logging policy decide and remembers the oracle's goal probability for the chosen arm.</summary>
    private sealed class RecordingPolicy(ISendPolicy inner, System.Collections.Concurrent.ConcurrentDictionary<string, double> recorded) : ISendPolicy
    {
        public PolicyDecision Decide(DecisionContext context)
        {
            var decision = inner.Decide(context);
            var id = decision.MessageId ?? decision.HeldOutMessageId;
            if (decision.Logged && id is not null)
            {
                recorded[context.DecisionId] = context.TrueGoalProbability(context.Catalog.Find(id)!, send: decision.MessageId is not null);
            }

            return decision;
        }
    }
}
