using System.Collections.Concurrent;
using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Simulation.ClosedLoop;

namespace Recommender.Simulation.Tests;

/// <summary>
/// A policy that decides when and on which channel: the world delivers its sends at their instant and on their
/// channel, and the oracle of (message, hour, channel) is the world's truth.
/// </summary>
public sealed class SendTimeWorldTests
{
    private static readonly WorldOptions Small = new() { Users = 400, Days = 30, Seed = 9 };

    [Fact]
    public void A_scheduled_send_goes_out_at_its_instant_on_its_channel_and_no_decision_comes_while_it_waits()
    {
        var catalog = SyntheticCatalog.Create();
        var world = Small with { DailyDecisionProbability = 1 };
        var log = new ConcurrentBag<(string User, string Kind, DateTime At, string? Channel)>();
        var simulator = new UserSimulator(world, catalog, _ => new LaterOnPush(log));
        var sends = 0;
        foreach (var block in new WorldGenerator(world, catalog, simulator).Generate())
        {
            for (var u = 0; u < block.Users.Count; u++)
            {
                var user = block.Users[u].Profile.UserId;
                var mine = log.Where(r => r.User == user).OrderBy(r => r.At).ToList();
                var sent = block.Events[u].Where(e => e.EventType == EventTypes.MessageSent).Select(e => e.Timestamp).ToList();
                var delivered = mine.Where(r => r.Kind == "delivered").ToList();
                Assert.Equal(sent, delivered.Select(r => r.At).ToList());
                Assert.All(delivered, r => Assert.Equal("push", r.Channel));

                // The logged send names its variant, as a messaging system's report does: the fold counts it on push. It
                // carries its message's propensity and, apart, its instant's and channel's, as the API's scheduled sends do
                // (the product in `propensity` would make evaluate and train weigh it as a different action).
                Assert.All(block.Events[u].Where(e => e.EventType == EventTypes.MessageSent), e =>
                {
                    Assert.Equal("push", EventPropertyReader.GetString(e.Properties, EventProperties.Channel));
                    Assert.Equal(LaterOnPush.Propensity, EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity));
                    Assert.Equal(LaterOnPush.SendTimePropensity, EventPropertyReader.GetDouble(e.Properties, EventProperties.SendTimePropensity));
                    Assert.Equal(e.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
                        EventPropertyReader.GetString(e.Properties, EventProperties.SendAt));
                });
                foreach (var d in mine.Where(r => r.Kind == "scheduled"))
                {
                    var due = d.At.AddHours(LaterOnPush.DelayHours);
                    if (due < world.End)
                    {
                        // Delivered exactly when asked (unless the user opted out meanwhile), and nothing decided in between.
                        var optedOut = block.Events[u].Any(e => e.EventType is EventTypes.Unsubscribed or EventTypes.Complained && e.Timestamp <= due);
                        Assert.True(optedOut || delivered.Any(r => r.At == due), $"{user}: decided at {d.At:O}, nothing sent at {due:O}");
                    }

                    Assert.DoesNotContain(mine, r => r.Kind == "decided" && r.At > d.At && r.At < due);
                }

                sends += sent.Count;
            }
        }

        Assert.True(sends > Small.Users / 2, $"only {sends} sends");
    }

    [Fact]
    public void The_closed_loop_counts_a_scheduled_send_when_it_goes_out()
    {
        var catalog = SyntheticCatalog.Create();
        var result = ClosedLoopRunner.Run("later", Small, catalog, (_, _) => new LaterOnPush(new ConcurrentBag<(string, string, DateTime, string?)>()));
        var world = Small with { DailyDecisionProbability = 1 };
        var simulator = new UserSimulator(world, catalog, _ => new LaterOnPush(new ConcurrentBag<(string, string, DateTime, string?)>()));
        var sent = new WorldGenerator(world, catalog, simulator).Generate().SelectMany(b => b.Events).Sum(e => e.Count(x => x.EventType == EventTypes.MessageSent));

        Assert.Equal(sent, result.Sends);
        Assert.True(result.Decisions > result.Sends, $"{result.Decisions} decisions, {result.Sends} sends");
    }

    [Fact]
    public void The_oracle_that_chooses_hour_and_channel_beats_the_oracle_of_a_send_now()
    {
        var catalog = SyntheticCatalog.Create();
        var now = ClosedLoopRunner.Run("oracle-now", Small, catalog, SimulationPolicies.Create("oracle-now", catalog, 1));
        var timed = ClosedLoopRunner.Run("oracle", Small, catalog, SimulationPolicies.Create("oracle", catalog, 1));

        Assert.True(timed.TotalValue > now.TotalValue * 1.3, $"oracle {timed.TotalValue:F0} vs oracle-now {now.TotalValue:F0}");
        Assert.True(timed.Unsubscribes <= now.Unsubscribes * 1.15, $"unsubscribes: oracle {timed.Unsubscribes} vs oracle-now {now.Unsubscribes}");
    }

    [Fact]
    public void The_oracles_value_at_an_hour_and_a_channel_is_the_worlds_true_uplift_there()
    {
        // The engine multiplies the scorer's uplift by the arrival profile's factor; with the hour-neutral oracle and the
        // world's arrival model, that product is the world's uplift of the variant arriving at that hour on that channel.
        // The user's state is the decision instant's: what moves over the look-ahead by itself (the organic chance, the
        // decay of a welcome message's effect) is what the engine, scoring once per decision, leaves out, oracle or model.
        var options = new WorldOptions { Users = 300 };
        var catalog = SyntheticCatalog.Create();
        var checkedPairs = 0;
        for (var i = 0; i < options.Users; i++)
        {
            var user = Population.Draw(options, i);
            var state = new UserWorldState(user, options);
            var now = user.SignupAt.AddDays(1);
            var context = new DecisionContext(user, state, [], now, "d", null, catalog);
            var scorer = new OracleScorer { HourNeutral = true, Current = context };
            var profile = new OracleArrivalModel { Current = context }.Profile(new UserState(), user.Profile, catalog, now);
            foreach (var m in catalog.Messages.Where(m => m.Channels is { Count: > 1 }))
            {
                var p = scorer.Score(new UserState(), user.Profile, m, now);
                for (var k = 0; k < 24; k += 5)
                {
                    var at = now.AddHours(k);
                    foreach (var channel in m.Channels!)
                    {
                        var variant = m with { Channel = channel };
                        var arrival = context.ArrivalFactor(at, channel);
                        var truth = ResponseModel.GoalProbability(state, variant, now, send: true, arrival)
                            - ResponseModel.GoalProbability(state, variant, now, send: false, arrival);
                        var scored = ResponseModel.Lift(state, m, now, user.Traits.Arrival.Channel(m.Channel));
                        if (ResponseModel.Lift(state, variant, now, arrival) is >= 0.9 or <= 0 || scored >= 0.9)
                        {
                            continue; // at the world's ceiling, or no effect: not linear in the arrival factor
                        }

                        var engine = (p.PGoalSend - p.PGoalNoSend) * profile.Factor(state.LocalHour(at), channel, m.Channel);
                        Assert.Equal(truth, engine, truth * 1e-9);
                        checkedPairs++;
                    }
                }
            }
        }

        Assert.True(checkedPairs > 1_000, $"only {checkedPairs} pairs checked");
    }

    /// <summary>Sends the webinar invitation once, on push, a day and six hours after being asked.</summary>
    private sealed class LaterOnPush(ConcurrentBag<(string User, string Kind, DateTime At, string? Channel)> log) : ISendPolicy
    {
        public const double DelayHours = 30, Propensity = 0.5, SendTimePropensity = 0.25;

        private bool _done;

        public PolicyDecision Decide(DecisionContext context)
        {
            log.Add((context.User.Profile.UserId, "decided", context.Now, null));
            if (_done)
            {
                return PolicyDecision.HoldOut(null, 1);
            }

            _done = true;
            log.Add((context.User.Profile.UserId, "scheduled", context.Now, null));
            return PolicyDecision.Send("webinar_invite", Propensity) with
            {
                SendAt = context.Now.AddHours(DelayHours), Channel = "push", SendTimePropensity = SendTimePropensity,
            };
        }

        public void Delivered(DecisionContext context, MessageDefinition sent) =>
            log.Add((context.User.Profile.UserId, "delivered", context.Now, sent.Channel));
    }
}
