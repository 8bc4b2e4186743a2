using FsCheck.Xunit;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

/// <summary>
/// The point-in-time check feature stores use: the fold's vectors equal, to the bit, a naive computation over the
/// raw log filtered by timestamp, on random logs full of ties, window-edge instants and long histories.
/// </summary>
public sealed class FeatureOracleTests
{
    private static readonly MessageCatalog Catalog = TestCatalog.Create();
    private static readonly FeatureExtractor Extractor = new(FeatureSchema.Create(Catalog, TestCatalog.Options()));

    /// <summary>A candidate the schema does not know, on a channel it does not know.</summary>
    private static readonly MessageDefinition Unknown = new()
    {
        Id = "retired_message", Category = MessageCategory.Marketing, Channel = "sms", GoalEvent = "report_exported", Priority = 5,
    };

    [Property(MaxTest = 300)]
    public void State_replayed_up_to_each_instant_matches_the_oracle(int seed)
    {
        var log = RandomLog.Generate(seed);
        var state = new UserState();
        var applied = 0;
        foreach (var asOf in log.QueryInstants(seed, 10))
        {
            while (applied < log.Events.Count && log.Events[applied].Timestamp < asOf)
            {
                state.Apply(log.Events[applied++]);
            }

            Check(log, state, asOf, seed);
        }
    }

    [Property(MaxTest = 200)]
    public void State_holding_later_events_matches_the_oracle_from_its_exact_horizon_on(int seed)
    {
        var log = RandomLog.Generate(seed);
        var state = new UserState();
        foreach (var e in log.Events)
        {
            state.Apply(e);
        }

        var instants = log.QueryInstants(seed, 10);
        var compared = 0;
        foreach (var asOf in instants.Where(t => t >= state.ExactFrom))
        {
            Check(log, state, asOf, seed);
            compared++;
        }

        // Only the instants before the state's exact horizon were skipped, no more.
        Assert.InRange(compared, ExactHorizon.MustBeExact(instants, log.Events), ExactHorizon.MayBeExact(instants, log.Events));
    }

    [Fact]
    public void Features_of_a_user_without_events_or_profile_are_the_documented_defaults()
    {
        var asOf = RandomLog.Start;
        var features = Extractor.Extract(new UserState(), null, Catalog.Messages[0], asOf);

        FeatureAssert.Equal(Extractor.Schema, NaiveFeatures.Compute(Extractor.Schema, Catalog, [], null, Catalog.Messages[0], asOf), features, "empty");
        Assert.Equal(FeatureValues.Missing, features[Extractor.Schema.IndexOf("evt.task_created.days_since_last")]);
        Assert.Equal(1f, features[Extractor.Schema.IndexOf("profile.plan=(other)")]);
    }

    private static void Check(RandomLog log, UserState state, DateTime asOf, int seed)
    {
        var rng = DeterministicRandom.For((ulong)seed, asOf.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var messages = new[] { Catalog.Messages[rng.NextInt(Catalog.Messages.Count)], rng.Bernoulli(0.2) ? Unknown : Catalog.Messages[rng.NextInt(Catalog.Messages.Count)] };
        var profile = rng.Bernoulli(0.1) ? null : log.Profile;
        foreach (var message in messages)
        {
            var expected = NaiveFeatures.Compute(Extractor.Schema, Catalog, log.Events, profile, message, asOf);
            FeatureAssert.Equal(Extractor.Schema, expected, Extractor.Extract(state, profile, message, asOf), $"seed {seed}, {message.Id} at {asOf:O}");
        }
    }
}
