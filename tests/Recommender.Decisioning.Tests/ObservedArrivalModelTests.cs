using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// The arrival profile read from the fold equals its definition computed by hand from the raw events: product actions
/// of the last 28 days by local hour, and opens plus clicks per send by the channel each send went out on.
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
            for (var h = 0; h < 24; h++)
            {
                var n = actions.Count(e => (e.Timestamp + offset).Hour == h);
                Assert.Equal(Math.Clamp(24 * (n + 2.0) / (actions.Count + 48), 0.2, 3), actual.Hour(h), 12);
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
