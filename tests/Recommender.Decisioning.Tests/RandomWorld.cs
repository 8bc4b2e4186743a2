using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Core.Randomness;

namespace Recommender.Decisioning.Tests;

/// <summary>Random but seeded situations for the property test: catalogs, policies, profiles, event logs and instants.</summary>
internal static class RandomWorld
{
    private static readonly string[] Goals = ["project_created", "task_created", "teammate_invited", "plan_upgraded", "report_exported"];
    private static readonly string[] Channels = ["email", "push", "in_app"];
    private static readonly string[] Plans = ["free", "pro", "business"];
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata"];
    private static readonly MessageCategory[] Categories = Enum.GetValues<MessageCategory>();

    public static MessageCatalog Catalog(DeterministicRandom rng)
    {
        var messages = new List<MessageDefinition>();
        var n = 2 + rng.NextInt(8);
        for (var i = 0; i < n; i++)
        {
            messages.Add(new MessageDefinition
            {
                Id = $"m{i}",
                Category = Pick(rng, Categories),
                Channel = Pick(rng, Channels),
                GoalEvent = Pick(rng, Goals),
                RepeatableGoal = rng.Bernoulli(0.4),
                Value = 1 + rng.NextInt(100),
                Priority = rng.NextInt(3),
                CooldownHours = rng.Bernoulli(0.5) ? rng.NextInt(100) : 0,
                MaxSends = rng.Bernoulli(0.5) ? 1 + rng.NextInt(4) : null,
                Eligibility = new Eligibility
                {
                    Plans = rng.Bernoulli(0.3) ? [Pick(rng, Plans)] : [],
                    MinCompanySize = rng.Bernoulli(0.2) ? rng.NextInt(50) : null,
                    MaxCompanySize = rng.Bernoulli(0.2) ? 20 + rng.NextInt(500) : null,
                    RequiredEvents = rng.Bernoulli(0.3) ? [Pick(rng, Goals)] : [],
                    ExcludedEvents = rng.Bernoulli(0.2) ? [Pick(rng, Goals)] : [],
                },
                Trigger = rng.Bernoulli(0.15) ? new MessageTrigger { EventType = "teammate_invited", Count = 1 + rng.NextInt(5), WithinHours = 6 + rng.NextInt(48) } : null,
            });
        }

        return new MessageCatalog { Messages = messages, Policy = Policy(rng) };
    }

    /// <summary>A random user's profile and events (drawn in that order), folded into the request's state in time order.</summary>
    public static (DecisionRequest Request, List<UserEvent> Events, UserProfile Profile) Situation(
        DeterministicRandom rng, MessageCatalog catalog, DateTime asOf, string decisionId)
    {
        var profile = Profile(rng, asOf);
        var events = Events(rng, catalog, asOf);
        var state = new UserState();
        // In time order: late arrivals beyond the fold's retention horizon are the fold's own tested business.
        foreach (var e in events.OrderBy(e => e.Timestamp))
        {
            state.Apply(e);
        }

        var request = new DecisionRequest { DecisionId = decisionId, UserId = "u", State = state, Profile = profile, Catalog = catalog, AsOf = asOf };
        return (request, events, profile);
    }

    public static UserProfile Profile(DeterministicRandom rng, DateTime asOf) =>
        new("u", asOf.AddDays(-60), "DE", Pick(rng, Zones), rng.Bernoulli(0.1) ? null : 1 + rng.NextInt(1000), Pick(rng, Plans));

    public static List<UserEvent> Events(DeterministicRandom rng, MessageCatalog catalog, DateTime asOf)
    {
        var events = new List<UserEvent>();
        var n = rng.NextInt(60);
        for (var i = 0; i < n; i++)
        {
            // Mostly the last two weeks, where the rules look; a few right after the instant, which they must ignore.
            var at = asOf.AddHours(-rng.Exponential(rng.Bernoulli(0.5) ? 30 : 200) + (rng.Bernoulli(0.05) ? 10 : 0));
            at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            var roll = rng.NextDouble();
            var (type, message, props) = roll switch
            {
                < 0.35 => (EventTypes.MessageSent, rng.Bernoulli(0.95) ? Pick(rng, catalog.Messages).Id : "retired", SentChannel(i)),
                < 0.45 => ("teammate_invited", null, null),
                < 0.60 => (Pick(rng, Goals), null, null),
                < 0.66 => (EventTypes.Unsubscribed, null, rng.Bernoulli(0.6) ? $$"""{"category":"{{Pick(rng, Categories).ToString().ToLowerInvariant()}}"}""" : null),
                < 0.70 => (EventTypes.Resubscribed, null, rng.Bernoulli(0.6) ? $$"""{"category":"{{Pick(rng, Categories).ToString().ToLowerInvariant()}}"}""" : null),
                < 0.72 => (EventTypes.Complained, null, null),
                < 0.82 => (EventTypes.TicketOpened, null, $$"""{"ticket_id":"t{{rng.NextInt(3)}}"}"""),
                < 0.90 => (EventTypes.TicketClosed, null, $$"""{"ticket_id":"t{{rng.NextInt(3)}}"}"""),
                _ => ("session_started", null, null),
            };
            events.Add(new UserEvent($"e{i}", "u", at, type, message, null, props));
        }

        return events;
    }

    private static ContactPolicy Policy(DeterministicRandom rng) => new()
    {
        Overall = new FrequencyCap { PerDay = rng.Bernoulli(0.8) ? 1 + rng.NextInt(3) : null, PerWeek = rng.Bernoulli(0.8) ? 2 + rng.NextInt(6) : null },
        ChannelCaps = rng.Bernoulli(0.5) ? new Dictionary<string, FrequencyCap> { [Pick(rng, Channels)] = new() { PerDay = 1, PerWeek = 1 + rng.NextInt(3) } } : new Dictionary<string, FrequencyCap>(),
        CategoryCaps = rng.Bernoulli(0.5) ? new Dictionary<MessageCategory, FrequencyCap> { [Pick(rng, Categories)] = new() { PerWeek = 1 + rng.NextInt(2) } } : new Dictionary<MessageCategory, FrequencyCap>(),
        MinGapHours = rng.NextInt(30),
        QuietHours = rng.Bernoulli(0.7) ? new QuietHours { StartHour = 18 + rng.NextInt(6), EndHour = rng.NextInt(10) } : null,
        Support = new SupportSuppression
        {
            SuppressOnOpenTicket = rng.Bernoulli(0.8),
            MaxTicketsIn30Days = rng.Bernoulli(0.7) ? 1 + rng.NextInt(4) : null,
        },
        TransactionalBypassesCaps = rng.Bernoulli(0.7),
        FatigueWeight = rng.NextDouble() * 2,
        UnsubscribeCost = rng.NextInt(50),
        MinExpectedValue = rng.NextDouble() * 2 - 0.5,
        ExplorationRate = rng.Bernoulli(0.3) ? 0 : rng.NextDouble() * 0.3,
        Holdout = new GlobalHoldout { Share = rng.Bernoulli(0.15) ? 1 : 0 },
    };

    /// <summary>
    /// Every third send names a channel variant, one the message may not offer ("sms" never is); chosen by the
    /// event's index, not drawn, so every other draw of a seed stays where it was.
    /// </summary>
    private static string? SentChannel(int i) =>
        i % 3 == 0 ? "{\"decision_id\":\"d" + i + "\",\"channel\":\"" + SentChannels[i / 3 % SentChannels.Length] + "\"}" : null;

    private static readonly string[] SentChannels = ["push", "in_app", "email", "sms"];

    private static T Pick<T>(DeterministicRandom rng, IReadOnlyList<T> items) => items[rng.NextInt(items.Count)];
}
