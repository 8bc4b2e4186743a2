using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// The arrival profile read from the fold equals its definition computed by hand from the raw events: product actions
/// of the last 35 days by local hour, smoothed, shrunk, relative to the sendable hours and saturating, and opens plus clicks per
/// send by the channel each send went out on.
/// </summary>
public sealed class ObservedArrivalModelTests
{
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"];
    private static readonly string[] Channels = ["email", "push", "in_app", "sms"];

    [Fact]
    public void The_profile_equals_its_definition_over_the_raw_events()
    {
        var (withSends, withReactions, withVariants) = (0, 0, 0);
        for (var c = 0; c < 2_000; c++)
        {
            var rng = DeterministicRandom.For(4242, (ulong)c);
            var asOf = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rng.NextInt(60 * 24 * 30));
            var catalog = RandomWorld.Catalog(rng);

            // Every other message offers all three channels: its sends may go out on a variant.
            catalog = catalog with { Messages = [.. catalog.Messages.Select((m, i) => i % 2 == 0 ? m with { Channels = ["email", "push", "in_app"] } : m)] };
            var profile = RandomWorld.Profile(rng, asOf) with { Timezone = Zones[rng.NextInt(Zones.Length)] };
            var events = Events(rng, catalog, asOf);
            var state = new UserState();
            foreach (var e in events.OrderBy(e => e.Timestamp))
            {
                state.Apply(e);
            }

            var actual = ObservedArrivalModel.Instance.Profile(state, profile, catalog, asOf);

            var from = asOf - ObservedArrivalModel.Window;
            var inWindow = events.Where(e => e.Timestamp >= from && e.Timestamp < asOf).ToList();
            var offset = TimeZoneInfo.FindSystemTimeZoneById(profile.Timezone!).GetUtcOffset(asOf);
            var actions = inWindow.Where(e => !EventTypes.Reserved.Contains(e.EventType)).ToList();
            var quiet = catalog.Policy.QuietHours;
            var sendable = Enumerable.Range(0, 24).Where(h => quiet is null || !quiet.Contains(h)).ToList();
            if (sendable.Count == 0)
            {
                sendable = [.. Enumerable.Range(0, 24)];
            }

            // Each action spread over the clock by a Gaussian of 1.5 h around its hour (weights summing to 1), 24
            // pseudo-actions spread over the sendable hours, relative to the average sendable hour, clipped to [0.2, 3].
            var weights = Enumerable.Range(0, 24).Select(d => Math.Exp(-Math.Pow(Math.Min(d, 24 - d), 2) / (2 * 1.5 * 1.5))).ToArray();
            var raw = Enumerable.Range(0, 24).Select(h =>
                (actions.Sum(e => weights[Math.Abs((e.Timestamp + offset).Hour - h)] / weights.Sum()) + (sendable.Contains(h) ? 24.0 / sendable.Count : 0))
                / (actions.Count + 24)).ToArray();
            var mean = sendable.Average(h => raw[h]);
            for (var h = 0; h < 24; h++)
            {
                // Up to 2 the ratio itself (at least 0.2), then 2 + (1 − e^−(x − 2)), below 3.
                var x = raw[h] / mean;
                var expected = x <= 2 ? Math.Max(0.2, x) : 2 + (1 - Math.Exp(-(x - 2)));
                Assert.True(Math.Abs(expected - actual.Hour(h)) < 1e-12, $"case {c}, {h}:00: expected {expected}, found {actual.Hour(h)}");
            }

            // Each send of a catalog message on the channel it named when its message offers it, else the message's
            // own; it reacted when an open (a click) of the same message followed before the next send of it and asOf.
            var perSend = inWindow
                .Where(e => e.EventType == EventTypes.MessageSent && catalog.Find(e.MessageId!) is not null)
                .Select(e =>
                {
                    var m = catalog.Find(e.MessageId!)!;
                    var next = events.Where(x => x.EventType == EventTypes.MessageSent && x.MessageId == m.Id && x.Timestamp > e.Timestamp)
                        .Select(x => x.Timestamp).DefaultIfEmpty(DateTime.MaxValue).Min();
                    var end = next < asOf ? next : asOf;
                    bool Reacted(string type) => events.Any(x => x.EventType == type && x.MessageId == m.Id && x.Timestamp >= e.Timestamp && x.Timestamp < end);
                    var named = e.Properties is null ? null : System.Text.Json.JsonDocument.Parse(e.Properties).RootElement.GetProperty("channel").GetString();
                    var channel = named is not null && (m.Channels ?? []).Contains(named) ? named : m.Channel;
                    return (Channel: channel, Variant: channel != m.Channel, Sends: 1, Reactions: (Reacted(EventTypes.MessageOpened) ? 1 : 0) + (Reacted(EventTypes.MessageClicked) ? 1 : 0));
                })
                .ToList();
            var pooled = (perSend.Sum(m => m.Reactions) + 1.0) / (perSend.Sum(m => m.Sends) + 2.0);
            foreach (var channel in Channels)
            {
                var mine = perSend.Where(m => m.Channel == channel).ToList();
                var expected = mine.Count == 0 ? pooled : (mine.Sum(m => m.Reactions) + 4 * pooled) / (mine.Sum(m => m.Sends) + 4);
                Assert.True(Math.Abs(expected - actual.ChannelRate(channel)) < 1e-12,
                    $"case {c}, {channel}: expected {expected}, found {actual.ChannelRate(channel)}");
            }

            withSends += perSend.Count > 0 ? 1 : 0;
            withReactions += perSend.Any(m => m.Reactions > 0) ? 1 : 0;
            withVariants += perSend.Any(m => m.Variant) ? 1 : 0;
        }

        // Users with and without sends in the window, and with reactions, must all be exercised.
        Assert.InRange(withSends, 200, 1_900);
        Assert.True(withReactions > 200, $"only {withReactions} cases with reactions");
        Assert.True(withVariants > 200, $"only {withVariants} cases with a send on a variant");
    }

    [Fact]
    public void An_hour_between_two_busy_hours_is_lifted_by_its_neighbours()
    {
        // Ten actions at 14:00 and ten at 16:00, none at 15:00: a peak around 15:00, not a gap.
        var counts = new int[24];
        (counts[14], counts[16]) = (10, 10);

        var factors = HourFactors.From(counts, 20, new Core.Catalog.QuietHours { StartHour = 21, EndHour = 8 });

        Assert.True(factors[15] > 1.5, $"15:00 has factor {factors[15]}");
        Assert.True(factors[15] > factors[12] && factors[15] > factors[18]);
    }

    [Fact]
    public void A_sharp_peak_stays_above_its_neighbours_however_high_it_is()
    {
        // Every action at 15:00: the raw ratios of 14:00, 15:00 and 16:00 all pass the cap; the peak must stay the best hour.
        var counts = new int[24];
        counts[15] = 200;

        var factors = HourFactors.From(counts, 200, new Core.Catalog.QuietHours { StartHour = 21, EndHour = 8 });

        Assert.True(factors[15] > factors[14] && factors[15] > factors[16], $"14:00 {factors[14]}, 15:00 {factors[15]}, 16:00 {factors[16]}");
        Assert.InRange(factors[15], 2, HourFactors.MaxFactor);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void Factors_average_one_over_the_hours_a_send_may_go_out(int actions)
    {
        var counts = new int[24];
        var rng = new DeterministicRandom(5);
        for (var i = 0; i < actions; i++)
        {
            counts[7 + rng.NextInt(16)]++;
        }

        var quiet = new Core.Catalog.QuietHours { StartHour = 21, EndHour = 8 };
        var factors = HourFactors.From(counts, actions, quiet);

        // Outside 21:00–08:00; without quiet hours, over the whole day.
        Assert.Equal(1, Enumerable.Range(8, 13).Average(h => factors[h]), 9);
        Assert.Equal(1, HourFactors.From(counts, actions, null).Average(), 9);
    }

    /// <summary>Sends of catalog and retired messages, their opens and clicks, product actions; a few after the instant.</summary>
    private static List<UserEvent> Events(DeterministicRandom rng, MessageCatalog catalog, DateTime asOf)
    {
        var events = new List<UserEvent>();
        var n = rng.Bernoulli(0.2) ? rng.NextInt(4) : rng.NextInt(80);
        for (var i = 0; i < n; i++)
        {
            var at = asOf.AddHours(-rng.Exponential(rng.Bernoulli(0.5) ? 100 : 600) + (rng.Bernoulli(0.05) ? 10 : 0));
            at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            var message = rng.Bernoulli(0.9) ? catalog.Messages[rng.NextInt(catalog.Messages.Count)].Id : "retired";
            var (type, id) = rng.NextDouble() switch
            {
                < 0.3 => (EventTypes.MessageSent, message),
                < 0.4 => (EventTypes.MessageOpened, message),
                < 0.45 => (EventTypes.MessageClicked, message),
                < 0.8 => ("task_created", (string?)null),
                _ => ("session_started", null),
            };
            // Every third send names a channel, one its message may not offer ("sms" is never offered).
            var named = type == EventTypes.MessageSent && i % 3 == 0 ? $$"""{"channel":"{{Channels[i / 3 % Channels.Length]}}"}""" : null;
            events.Add(new UserEvent($"e{i}", "u", at, type, id, null, named));
        }

        return events;
    }
}
