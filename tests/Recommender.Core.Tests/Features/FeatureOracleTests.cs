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
    /// <summary>The test catalog with a push variant of its welcome e-mail, so that sends naming a channel count where they went out.</summary>
    private static readonly MessageCatalog Catalog = TestCatalog.Create() is var c
        ? c with { Messages = [.. c.Messages.Select(m => m.Id == "welcome" ? m with { Channels = ["email", "push"] } : m)] }
        : null!;

    /// <summary>Every feature the extractor has, the time and channel ones included.</summary>
    private static readonly FeatureExtractor Extractor = new(FeatureSchema.Create(Catalog, TestCatalog.Options() with { TimeAndChannel = true }));

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
        Assert.Equal(FeatureValues.Missing, features[Extractor.Schema.IndexOf("time.actions_at_hour_ratio")]);
        Assert.Equal(FeatureValues.Missing, features[Extractor.Schema.IndexOf("channel.push.open_rate_30d")]);
    }

    [Fact]
    public void Time_features_read_the_users_own_clock_and_a_send_counts_on_the_channel_it_went_out_on()
    {
        // Berlin in winter (UTC+1): actions at 08:10 and 09:40 local on a Tuesday, one at 20:00 local on the Wednesday;
        // the decision at 09:30 local on the Thursday. A push send of the welcome e-mail, opened; an e-mail send, not.
        var profile = new Core.Profiles.UserProfile("u1", null, "DE", "Europe/Berlin", null, null);
        var at = (int day, int hour, int minute) => new DateTime(2026, 1, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-1);
        var welcome = Catalog.Find("welcome")!;
        Core.Events.UserEvent E(string type, DateTime t, string? message = null, string? properties = null) =>
            new($"{type}-{t.Ticks}", "u1", t, type, message, Properties: properties);
        var events = new[]
        {
            E("session_started", at(13, 8, 10)), E("task_created", at(13, 9, 40)), E("session_started", at(14, 20, 0)),
            E(Core.Events.EventTypes.MessageSent, at(14, 10, 0), "welcome", "{\"channel\":\"push\"}"),
            E(Core.Events.EventTypes.MessageOpened, at(14, 11, 0), "welcome"),
            E(Core.Events.EventTypes.MessageSent, at(14, 12, 0), "upgrade"),
        };
        var state = new UserState();
        foreach (var e in events)
        {
            state.Apply(e);
        }

        var asOf = at(15, 9, 30);
        var features = Extractor.Extract(state, profile, welcome, asOf);
        float F(string name) => features[Extractor.Schema.IndexOf(name)];

        Assert.Equal(9f, F("time.local_hour"));
        Assert.Equal((float)DayOfWeek.Thursday, F("time.local_weekday"));
        Assert.Equal(2 * 8f / 3, F("time.actions_at_hour_ratio"), 5); // 08:10 and 09:40 are within an hour of 09:xx
        Assert.Equal(0f, F("time.actions_on_weekday_ratio"));          // nothing on a Thursday
        Assert.Equal(1f, F("channel.push.open_rate_30d"));             // the push variant, opened
        Assert.Equal(0f, F("channel.email.open_rate_30d"));            // only the upgrade e-mail went out on e-mail
        Assert.Equal(FeatureValues.Missing, F("channel.in_app.open_rate_30d"));
        FeatureAssert.Equal(Extractor.Schema, NaiveFeatures.Compute(Extractor.Schema, Catalog, events, profile, welcome, asOf), features, "hand-made");
    }

    [Fact]
    public void A_schema_without_time_features_is_the_schema_bundles_were_trained_on_before_them()
    {
        var without = FeatureSchema.Create(Catalog, TestCatalog.Options());
        Assert.DoesNotContain(without.Names, n => n.StartsWith("time.", StringComparison.Ordinal) || n.StartsWith("channel.", StringComparison.Ordinal));
        Assert.Equal(without.Count + 4 + 2 * without.Channels.Count, Extractor.Schema.Count);
        Assert.NotEqual(without.Hash, Extractor.Schema.Hash);
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
