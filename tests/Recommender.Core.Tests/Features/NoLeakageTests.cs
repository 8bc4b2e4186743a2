using FsCheck.Xunit;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

/// <summary>Nothing at or after <c>asOf</c> reaches the features at <c>asOf</c>: not a new event, not a changed one.</summary>
public sealed class NoLeakageTests
{
    private static readonly MessageCatalog Catalog = TestCatalog.Create();
    private static readonly FeatureExtractor Extractor = new(FeatureSchema.Create(Catalog, TestCatalog.Options()));
    private static readonly string[] Types =
    [
        "session_started", "task_created", "project_created", "plan_upgraded", "two_factor_enabled", EventTypes.MessageSent, EventTypes.MessageOpened,
        EventTypes.MessageClicked, EventTypes.Unsubscribed, EventTypes.Resubscribed, EventTypes.Complained, EventTypes.TicketOpened,
        EventTypes.TicketClosed, EventTypes.KbArticleViewed, EventTypes.ProfileUpdated,
    ];

    [Property(MaxTest = 300)]
    public void Adding_or_changing_events_at_or_after_asOf_leaves_the_features_unchanged(int seed)
    {
        var log = RandomLog.Generate(seed);
        var rng = new DeterministicRandom((ulong)seed);
        int compared = 0, mustCompare = 0, mayCompare = 0;
        foreach (var asOf in log.QueryInstants(seed, 4))
        {
            var past = log.Events.Where(e => e.Timestamp < asOf).ToList();
            var future = log.Events.Where(e => e.Timestamp >= asOf).Select(e => Mutate(e, rng, asOf)).ToList();
            future.AddRange(Enumerable.Range(0, rng.NextInt(30)).Select(i => NewEvent(log.Profile.UserId, i, rng, asOf)));

            var honest = ParityTests.Build(past);
            // The past arrives in order, the tampered future in any order (arrivals later than the horizon are out of scope).
            var tampered = ParityTests.Build(past.Concat(future.OrderBy(_ => rng.NextDouble())));
            mustCompare += ExactHorizon.MustBeExact([asOf], past.Concat(future));
            mayCompare += ExactHorizon.MayBeExact([asOf], past.Concat(future));
            if (asOf < tampered.ExactFrom)
            {
                continue;
            }

            foreach (var message in Catalog.Messages)
            {
                FeatureAssert.Identical(
                    Extractor.Schema, Extractor.Extract(honest, log.Profile, message, asOf), Extractor.Extract(tampered, log.Profile, message, asOf),
                    $"seed {seed}, {message.Id} at {asOf:O}");
            }

            compared++;
        }

        // Only the instants the tampered state cannot answer exactly were skipped, no more.
        Assert.InRange(compared, mustCompare, mayCompare);
    }

    [Fact]
    public void An_event_exactly_at_asOf_is_not_seen_but_one_tick_earlier_is()
    {
        var asOf = RandomLog.Start.AddDays(3);
        var state = new UserState();
        state.Apply(new UserEvent("e1", "u", asOf, "task_created"));
        var index = Extractor.Schema.IndexOf("evt.task_created.count_1d");

        Assert.Equal(0f, Extractor.Extract(state, null, Catalog.Messages[0], asOf)[index]);
        Assert.Equal(1f, Extractor.Extract(state, null, Catalog.Messages[0], asOf.AddTicks(1))[index]);
    }

    private static UserEvent Mutate(UserEvent e, DeterministicRandom rng, DateTime asOf) => rng.NextInt(4) switch
    {
        // A profile attribute known only later (the last contact's plan) must not reach an earlier decision.
        3 => e with { EventType = EventTypes.ProfileUpdated, Properties = "{\"plan\":\"pro\",\"seats\":99,\"industry\":\"agency\",\"company_size\":7}" },
        0 => e with { EventType = Types[rng.NextInt(Types.Length)], MessageId = Catalog.Messages[rng.NextInt(Catalog.Messages.Count)].Id },
        1 => e with { Timestamp = asOf.AddSeconds(rng.NextInt(86_400 * 5)) },
        _ => e with { Properties = "{\"category\":\"marketing\",\"ticket_id\":\"t1\"}" },
    };

    private static UserEvent NewEvent(string userId, int i, DeterministicRandom rng, DateTime asOf) => new(
        $"future-{i}", userId, rng.Bernoulli(0.2) ? asOf : asOf.AddSeconds(rng.NextInt(86_400 * 5)), Types[rng.NextInt(Types.Length)],
        Catalog.Messages[rng.NextInt(Catalog.Messages.Count)].Id, null,
        rng.Bernoulli(0.5) ? "{\"ticket_id\":\"t2\",\"plan\":\"free\",\"timezone\":\"Asia/Tokyo\"}" : null);
}
