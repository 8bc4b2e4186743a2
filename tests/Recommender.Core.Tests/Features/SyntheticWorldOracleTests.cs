using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Core.Tests.Support;
using Recommender.Simulation;

namespace Recommender.Core.Tests.Features;

/// <summary>
/// The oracle on realistic users: the synthetic world's journeys, bursts, tickets, opt-outs and decisions. Checked at
/// every logged decision, exactly as the training replay extracts, and at random instants for a state that holds the
/// user's whole history, as the API's would.
/// </summary>
public sealed class SyntheticWorldOracleTests
{
    [Fact]
    public void Fold_features_equal_the_naive_ones_for_synthetic_users_at_every_decision()
    {
        var generator = new WorldGenerator(new WorldOptions { Users = 150, Days = 50, Seed = 3 }, SyntheticCatalog.Create());
        var blocks = generator.Generate().ToList();
        var profiles = blocks.SelectMany(b => b.Users).Select(u => u.Profile).ToList();
        var schema = FeatureSchema.Create(
            generator.Catalog, FeatureSchemaOptions.FromProfiles(profiles, ["session_started", "task_created", "teammate_invited"]) with { TimeAndChannel = true });
        var extractor = new FeatureExtractor(schema);
        var checkedVectors = 0;

        foreach (var (events, profile) in blocks.SelectMany(b => b.Events).Zip(profiles))
        {
            var state = new UserState();
            var applied = 0;
            foreach (var decision in events.Where(e => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && e.MessageId is not null))
            {
                for (; applied < events.Count && events[applied].Timestamp < decision.Timestamp; applied++)
                {
                    state.Apply(events[applied]);
                }

                var message = generator.Catalog.Find(decision.MessageId!)!;
                var expected = NaiveFeatures.Compute(schema, generator.Catalog, events, profile, message, decision.Timestamp);
                FeatureAssert.Equal(schema, expected, extractor.Extract(state, profile, message, decision.Timestamp), $"{profile.UserId} {decision.EventId}");
                checkedVectors++;
            }

            var full = ParityTests.Build(events);
            var rng = DeterministicRandom.For(3, profile.UserId);
            var end = generator.Options.End;
            for (var i = 0; i < 3; i++)
            {
                var asOf = full.ExactFrom > end ? full.ExactFrom : end.AddDays(-7 * rng.NextDouble());
                var message = generator.Catalog.Messages[rng.NextInt(generator.Catalog.Messages.Count)];
                var expected = NaiveFeatures.Compute(schema, generator.Catalog, events, profile, message, asOf);
                FeatureAssert.Equal(schema, expected, extractor.Extract(full, profile, message, asOf), $"{profile.UserId} at {asOf:O}");
            }
        }

        Assert.True(checkedVectors > 1_000, $"only {checkedVectors} decisions checked: the world is too small to mean anything");
    }
}
