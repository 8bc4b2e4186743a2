using Recommender.Core.Catalog;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// Random situations for decisions that schedule: a one-slot look-ahead with no difference between hours is today's
/// "now only" decision to the bit, and a day's look-ahead over several channels never places a send where the naive
/// rules forbid it, as of the instant it goes out and on the channel it goes on.
/// </summary>
public sealed class SendTimePropertyTests
{
    private const int Cases = 20_000;
    private static readonly string[] Channels = ["email", "push", "in_app"];

    [Fact]
    public void A_single_slot_with_neutral_arrival_decides_exactly_as_now_only()
    {
        var engine = new DecisionEngine(new FixedScorer(), explorationSeed: 99, arrival: new FixedArrival(ArrivalProfile.Neutral));
        var nowOnly = new SendTimeOptions { LookAheadHours = 0 };
        for (var c = 0; c < Cases; c++)
        {
            var (request, _, _) = Situation(c, channels: false);
            var today = engine.Decide(request);
            var single = engine.Decide(request with { SendTime = nowOnly });

            Assert.Equal(today.MessageId, single.MessageId);
            Assert.Equal(today.Reason, single.Reason);
            Assert.Equal(today.Propensity, single.Propensity);
            Assert.Equal(today.Distribution, single.Distribution);
            Assert.Equal(today.Suppressed, single.Suppressed);
            Assert.Equal(today.Scores, single.Scores.Select(s => s with { SendAt = null, Channel = null, ArrivalFactor = null }));
            Assert.Null(today.SendAt);
            Assert.Null(today.Channel);
            if (single.MessageId is { } chosen)
            {
                Assert.Equal(request.AsOf, single.SendAt);
                Assert.Equal(request.Catalog.Find(chosen)!.Channel, single.Channel);
                Assert.Equal(1.0, single.SendTimePropensity);
            }
        }
    }

    /// <summary>
    /// What an evaluation of a look-ahead policy reads for a logged send: its probability of that (instant, channel)
    /// given the message. Over every pair of each eligible message it sums to 1; for the pair a decision drew it is the
    /// decision's own send-time propensity; an instant off the slots, a channel the message does not offer and an
    /// ineligible message get 0.
    /// </summary>
    [Fact]
    public void The_probability_of_an_instant_and_channel_given_the_message_sums_to_one_and_is_the_drawn_pairs_propensity()
    {
        var engine = new DecisionEngine(new FixedScorer(), explorationSeed: 7);
        var options = new SendTimeOptions();
        var (checkedMessages, drawn) = (0, 0);
        for (var c = 0; c < Cases / 4; c++)
        {
            var (request, _, _) = Situation(c, channels: true);
            request = request with { SendTime = options };
            var decision = engine.Decide(request);
            foreach (var score in decision.Scores)
            {
                var message = request.Catalog.Find(score.MessageId)!;
                var sum = 0.0;
                for (var k = 0; k < options.SlotCount; k++)
                {
                    foreach (var channel in message.Channels ?? [message.Channel])
                    {
                        sum += engine.PairProbability(request, decision, message.Id, request.AsOf.AddHours(k), channel);
                    }
                }

                Assert.Equal(1.0, sum, 9);
                Assert.Equal(0, engine.PairProbability(request, decision, message.Id, request.AsOf.AddMinutes(30), message.Channel));
                Assert.Equal(0, engine.PairProbability(request, decision, message.Id, request.AsOf, "carrier_pigeon"));
                checkedMessages++;
            }

            foreach (var suppressed in decision.Suppressed)
            {
                Assert.Equal(0, engine.PairProbability(request, decision, suppressed.MessageId, request.AsOf, request.Catalog.Find(suppressed.MessageId)?.Channel ?? "email"));
            }

            if (decision.MessageId is { } chosen)
            {
                Assert.Equal(decision.SendTimePropensity!.Value, engine.PairProbability(request, decision, chosen, decision.SendAt!.Value, decision.Channel!), 12);
                drawn++;
            }
        }

        Assert.InRange(checkedMessages, Cases / 20, int.MaxValue);
        Assert.InRange(drawn, Cases / 40, Cases / 4);
    }

    [Fact]
    public void Scheduled_sends_break_no_rule_as_of_their_instant_and_on_their_channel_and_replay() =>
        CheckScheduledSends(Cases, c => Situation(c, channels: true));

    /// <summary>
    /// Look-aheads that cross a daylight-saving change (Berlin's clocks went forward at 01:00 UTC on 29 March 2026,
    /// Sydney's back at 16:00 UTC on 4 April): the local hour of each slot, and so quiet hours, follows the change.
    /// </summary>
    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T02:00:00Z")]
    [InlineData("Australia/Sydney", "2026-04-03T17:00:00Z")]
    public void Scheduled_sends_across_a_daylight_saving_change_keep_quiet_hours_by_the_local_clock(string zone, string from)
    {
        var start = DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        CheckScheduledSends(Cases / 4, c =>
        {
            var rng = DeterministicRandom.For(2029, (ulong)c);
            // Within the 23 hours before the change, so that every look-ahead of 24 hours crosses it.
            var asOf = start.AddMinutes(rng.NextInt(60 * 23));
            var catalog = RandomWorld.Catalog(rng);
            catalog = catalog with { Messages = [.. catalog.Messages.Select(m => m with { Channels = Channels })] };
            var (request, events, profile) = RandomWorld.Situation(rng, catalog, asOf, $"dst-{c}");
            profile = profile with { Timezone = zone };
            return (request with { Profile = profile }, events, profile);
        });
    }

    private static void CheckScheduledSends(int cases, Func<int, (DecisionRequest Request, List<Core.Events.UserEvent> Events, Core.Profiles.UserProfile Profile)> situation)
    {
        var engine = new DecisionEngine(new FixedScorer(), explorationSeed: 7);
        var (scheduled, later, otherChannel) = (0, 0, 0);
        for (var c = 0; c < cases; c++)
        {
            var (request, events, profile) = situation(c);
            var decision = engine.Decide(request with { SendTime = new SendTimeOptions() });
            if (decision.MessageId is not { } chosen)
            {
                Assert.Null(decision.SendAt);
                continue;
            }

            scheduled++;
            var message = request.Catalog.Find(chosen)!;
            var sendAt = decision.SendAt!.Value;
            Assert.InRange(sendAt, request.AsOf, request.AsOf.AddHours(23));
            Assert.Contains(decision.Channel, message.Channels ?? [message.Channel]);
            var variant = message with { Channel = decision.Channel! };
            Assert.True(NaiveRules.FirstViolation(events, profile, request.Catalog, variant, sendAt) is null,
                $"case {c}: {chosen} on {decision.Channel} at {sendAt:O} breaks {NaiveRules.FirstViolation(events, profile, request.Catalog, variant, sendAt)}");
            var joint = decision.Propensity * decision.SendTimePropensity!.Value;
            Assert.InRange(joint, double.Epsilon, 1.0);
            if (request.Catalog.Policy.ExplorationRate > 0 && decision.SendTimeChoices > 1)
            {
                Assert.True(decision.SendTimePropensity >= request.Catalog.Policy.ExplorationRate / decision.SendTimeChoices!.Value - 1e-12);
            }

            later += sendAt > request.AsOf ? 1 : 0;
            otherChannel += decision.Channel != message.Channel ? 1 : 0;
            if (c % 10 == 0)
            {
                var again = engine.Decide(request with { SendTime = new SendTimeOptions() });
                Assert.Equal((decision.MessageId, decision.SendAt, decision.Channel, decision.SendTimePropensity),
                    (again.MessageId, again.SendAt, again.Channel, again.SendTimePropensity));
            }
        }

        // The cases must exercise later instants and other channels, not only "now, on the message's channel".
        Assert.InRange(later, cases / 50, cases);
        Assert.InRange(otherChannel, cases / 50, cases);
        Assert.InRange(scheduled, cases / 10, cases);
    }

    private static (DecisionRequest Request, List<Core.Events.UserEvent> Events, Core.Profiles.UserProfile Profile) Situation(int c, bool channels)
    {
        var rng = DeterministicRandom.For(2027, (ulong)c);
        var asOf = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rng.NextInt(60 * 24 * 30));
        var catalog = RandomWorld.Catalog(rng);
        if (channels)
        {
            catalog = catalog with
            {
                Messages = [.. catalog.Messages.Select(m => rng.Bernoulli(0.6) ? m with { Channels = [.. Channels.Where(ch => ch == m.Channel || rng.Bernoulli(0.6))] } : m)],
            };
        }

        return RandomWorld.Situation(rng, catalog, asOf, $"case-{c}");
    }
}
