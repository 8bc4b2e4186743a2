using FsCheck.Xunit;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

/// <summary>
/// One fold, many ways to feed it: however the same events reach a state (all at once, one at a time between
/// extractions as the replay does, shuffled within their day as a live feed delivers them, or through the
/// serialised form of a state store), the vector at an instant is the same to the bit.
/// </summary>
public sealed class ParityTests
{
    private static readonly MessageCatalog Catalog = TestCatalog.Create();
    // With the time and channel features: every feature must come out the same however the state was fed.
    private static readonly FeatureExtractor Extractor = new(FeatureSchema.Create(Catalog, TestCatalog.Options() with { TimeAndChannel = true }));

    [Property(MaxTest = 200)]
    public void Incremental_replay_fresh_build_day_shuffle_and_store_round_trip_agree(int seed)
    {
        var log = RandomLog.Generate(seed);
        var rng = new DeterministicRandom((ulong)seed);
        foreach (var (asOf, before, replayed, viaStore) in Fed(log, seed, rng))
        {
            var fresh = Build(before);
            var shuffled = Build(ShuffleWithinDays(before, rng));
            foreach (var message in Catalog.Messages)
            {
                var expected = Extractor.Extract(fresh, log.Profile, message, asOf);
                var context = $"seed {seed}, {message.Id} at {asOf:O}";
                FeatureAssert.Identical(Extractor.Schema, expected, Extractor.Extract(replayed, log.Profile, message, asOf), "replayed, " + context);
                FeatureAssert.Identical(Extractor.Schema, expected, Extractor.Extract(shuffled, log.Profile, message, asOf), "shuffled, " + context);
                FeatureAssert.Identical(Extractor.Schema, expected, Extractor.Extract(viaStore, log.Profile, message, asOf), "stored, " + context);
            }
        }
    }

    /// <summary>
    /// The channel a send named (what channel caps and the arrival profile count it on) survives every way of feeding
    /// the state, and is what the raw events say: each send of the window, oldest first, with its own channel.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Sends_keep_the_channel_they_named_however_the_state_is_fed(int seed)
    {
        var log = RandomLog.Generate(seed);
        var rng = new DeterministicRandom((ulong)seed);
        foreach (var (asOf, before, replayed, viaStore) in Fed(log, seed, rng))
        {
            var fresh = Build(before);
            var from = asOf.AddDays(-30);
            if (from < fresh.CompactedBefore)
            {
                continue;
            }

            // Naively: the sends of the window straight from the events, in (time, message, channel) order.
            var expected = before
                .Where(e => e.EventType == EventTypes.MessageSent && e.MessageId is not null && e.Timestamp >= from)
                .Select(e => new SentMessage(e.Timestamp, e.MessageId!, NamedChannel(e)))
                .OrderBy(x => x.At).ThenBy(x => x.MessageId, StringComparer.Ordinal).ThenBy(x => x.Channel, StringComparer.Ordinal)
                .ToList();
            var context = $"seed {seed} at {asOf:O}";
            Assert.True(expected.SequenceEqual(SendsOf(fresh, from, asOf)), "fresh, " + context);
            Assert.True(expected.SequenceEqual(SendsOf(replayed, from, asOf)), "replayed, " + context);
            Assert.True(expected.SequenceEqual(SendsOf(Build(ShuffleWithinDays(before, rng)), from, asOf)), "shuffled, " + context);
            Assert.True(expected.SequenceEqual(SendsOf(viaStore, from, asOf)), "stored, " + context);
        }
    }

    /// <summary>
    /// At each of the log's query instants: the events before it, and two states fed them as the replay does (one
    /// event at a time) and as a state store does (the same, serialised and read back now and then).
    /// </summary>
    private static IEnumerable<(DateTime AsOf, List<UserEvent> Before, UserState Replayed, UserState ViaStore)> Fed(
        RandomLog log, int seed, DeterministicRandom rng)
    {
        var replayed = new UserState();
        var viaStore = new UserState();
        var applied = 0;
        foreach (var asOf in log.QueryInstants(seed, 8))
        {
            var before = log.Events.Where(e => e.Timestamp < asOf).ToList();
            for (; applied < before.Count; applied++)
            {
                replayed.Apply(before[applied]);
                viaStore.Apply(before[applied]);
                if (rng.Bernoulli(0.1))
                {
                    viaStore = UserState.FromBytes(viaStore.ToBytes());
                }
            }

            yield return (asOf, before, replayed, viaStore);
        }
    }

    private static List<SentMessage> SendsOf(UserState state, DateTime from, DateTime to)
    {
        var sends = new List<SentMessage>();
        foreach (var send in state.SendsBetween(from, to))
        {
            sends.Add(send);
        }

        return sends;
    }

    private static string? NamedChannel(UserEvent e)
    {
        using var json = System.Text.Json.JsonDocument.Parse(e.Properties ?? "{}");
        return json.RootElement.TryGetProperty("channel", out var c) ? c.GetString() : null;
    }

    [Property(MaxTest = 200)]
    public void A_live_state_fed_out_of_order_within_days_agrees_with_the_ordered_one(int seed)
    {
        var log = RandomLog.Generate(seed);
        var rng = new DeterministicRandom((ulong)seed);
        var ordered = Build(log.Events);
        var live = Build(ShuffleWithinDays(log.Events, rng));
        var asOf = log.End;

        foreach (var message in Catalog.Messages)
        {
            FeatureAssert.Identical(
                Extractor.Schema, Extractor.Extract(ordered, log.Profile, message, asOf), Extractor.Extract(live, log.Profile, message, asOf), $"seed {seed}, {message.Id}");
        }
    }

    [Property(MaxTest = 100)]
    public void Serialising_a_state_twice_gives_the_same_bytes(int seed)
    {
        var state = Build(RandomLog.Generate(seed).Events);

        var bytes = state.ToBytes();

        Assert.Equal(bytes, UserState.FromBytes(bytes).ToBytes());
    }

    internal static UserState Build(IEnumerable<UserEvent> events)
    {
        var state = new UserState();
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    /// <summary>Same events, each UTC day's events in a random order, days still in order.</summary>
    internal static List<UserEvent> ShuffleWithinDays(IEnumerable<UserEvent> events, DeterministicRandom rng) =>
        events.GroupBy(e => e.Timestamp.Date)
            .OrderBy(g => g.Key)
            .SelectMany(g => g.Select(e => (Key: rng.NextDouble(), Event: e)).OrderBy(x => x.Key).Select(x => x.Event))
            .ToList();
}
