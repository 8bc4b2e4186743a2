using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Randomness;

namespace Recommender.Core.Tests.Support;

/// <summary>
/// A seeded random user built to hit the awkward cases: events at the same instant, instants exactly on window
/// edges and midnights, histories longer than the retention horizon, reactions to messages never sent, opt-outs of
/// unknown categories, tickets closed without being opened, and profiles with unknown or missing values.
/// </summary>
internal sealed record RandomLog(IReadOnlyList<UserEvent> Events, UserProfile Profile, DateTime End)
{
    public static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] MessageIds = ["welcome", "tasks", "upgrade", "help", "security", "retired_message"];
    private static readonly string[] SentChannels = ["push", "email", "in_app", "sms"];
    private static readonly string?[] Categories = [null, "marketing", "engagement", "Onboarding", "newsletters"];

    /// <summary>
    /// Attributes changing over time: fixed and extra ones, cleared ones, values outside the vocabularies, a value of a
    /// kind the attribute cannot take (ignored), and two attributes at once.
    /// </summary>
    private static readonly string[] ProfileUpdates =
    [
        "{\"plan\":\"pro\"}", "{\"plan\":\"free\"}", "{\"plan\":\"enterprise\"}", "{\"plan\":null}", "{\"plan\":3}",
        "{\"company_size\":40}", "{\"company_size\":null}", "{\"seats\":12}", "{\"seats\":true}", "{\"mrr\":null}",
        "{\"industry\":\"software\",\"seats\":3}", "{\"industry\":\"retail\"}", "{\"industry\":7}",
        "{\"signup_at\":\"2026-01-02T03:04:05Z\"}", "{\"timezone\":\"America/New_York\"}",
    ];

    public static RandomLog Generate(int seed, int maxEvents = 160)
    {
        var rng = new DeterministicRandom((ulong)seed);
        var userId = $"r{seed}";
        var days = 5 + rng.NextInt(110);
        var count = rng.NextInt(maxEvents + 1);
        var events = new List<UserEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var (type, messageId, properties) = DrawEvent(rng, userId, i);
            events.Add(new UserEvent($"{userId}-{i:D5}", userId, DrawInstant(rng, events, days), type, messageId, null, properties));
        }

        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return new RandomLog(events, DrawProfile(rng, userId), Start.AddDays(days));
    }

    /// <summary>Instants worth asking about: random ones, event instants, event instants plus exactly one window, plus one tick.</summary>
    public IReadOnlyList<DateTime> QueryInstants(int seed, int count)
    {
        var rng = new DeterministicRandom((ulong)seed ^ 0xA5A5);
        var instants = new List<DateTime>();
        var span = (End.AddDays(3) - Start).Ticks;
        for (var i = 0; i < count; i++)
        {
            var e = Events.Count == 0 ? null : Events[rng.NextInt(Events.Count)];
            instants.Add(rng.NextInt(5) switch
            {
                0 when e is not null => e.Timestamp,
                1 when e is not null => e.Timestamp.AddDays(new[] { 1, 7, 30 }[rng.NextInt(3)]),
                2 when e is not null => e.Timestamp.AddTicks(1),
                _ => Start.AddTicks((long)(rng.NextDouble() * span)),
            });
        }

        instants.Sort();
        return instants;
    }

    private static DateTime DrawInstant(DeterministicRandom rng, List<UserEvent> earlier, int days)
    {
        // Ties and midnights on purpose: they are where off-by-one windows and order dependence hide.
        if (earlier.Count > 0 && rng.Bernoulli(0.12))
        {
            return earlier[rng.NextInt(earlier.Count)].Timestamp;
        }

        return rng.Bernoulli(0.05)
            ? Start.AddDays(rng.NextInt(days))
            : Start.AddSeconds(Math.Floor(rng.NextDouble() * days * 86_400));
    }

    private static (string Type, string? MessageId, string? Properties) DrawEvent(DeterministicRandom rng, string userId, int index)
    {
        var message = MessageIds[rng.NextInt(MessageIds.Length)];
        var ticket = $"{{\"ticket_id\":\"t{rng.NextInt(5)}\"}}";
        var decision = $"{{\"decision_id\":\"{userId}-d{index}\",\"propensity\":{0.05 + 0.9 * rng.NextDouble():R}}}";
        var category = Categories[rng.NextInt(Categories.Length)] is { } c ? $"{{\"category\":\"{c}\"}}" : null;

        // Every third send names the channel variant it went out on (chosen by index, not drawn: the seeds' other draws stay).
        var send = index % 3 == 0 ? decision[..^1] + $",\"channel\":\"{SentChannels[index / 3 % SentChannels.Length]}\"}}" : decision;
        return rng.NextDouble() switch
        {
            < 0.45 => (TestCatalog.ProductTypes[rng.NextInt(TestCatalog.ProductTypes.Length)], null, null),
            < 0.57 => (EventTypes.MessageSent, message, send),
            < 0.65 => (EventTypes.MessageOpened, message, null),
            < 0.69 => (EventTypes.MessageClicked, message, null),
            < 0.72 => (EventTypes.Unsubscribed, message, category),
            < 0.74 => (EventTypes.Resubscribed, null, category),
            < 0.75 => (EventTypes.Complained, message, null),
            < 0.79 => (EventTypes.TicketOpened, null, rng.Bernoulli(0.9) ? ticket : null),
            < 0.83 => (EventTypes.TicketClosed, null, ticket),
            < 0.90 => (EventTypes.KbArticleViewed, null, null),
            < 0.94 => (EventTypes.DecisionNoSend, message, decision),
            < 0.97 => (EventTypes.ProfileUpdated, null, ProfileUpdates[rng.NextInt(ProfileUpdates.Length)]),
            _ => ("two_factor_enabled", null, null),
        };
    }

    private static UserProfile DrawProfile(DeterministicRandom rng, string userId)
    {
        var numeric = new Dictionary<string, double>();
        if (rng.Bernoulli(0.7))
        {
            numeric["seats"] = rng.NextInt(50);
        }

        if (rng.Bernoulli(0.2))
        {
            numeric["mrr"] = rng.Bernoulli(0.5) ? double.NaN : 99.5;
        }

        var categorical = new Dictionary<string, string>();
        if (rng.Bernoulli(0.8))
        {
            categorical["industry"] = new[] { "agency", "software", "retail" }[rng.NextInt(3)];
        }

        var plan = new[] { "free", "pro", "enterprise" }[rng.NextInt(3)];
        return new UserProfile(
            userId, Start.AddHours(rng.NextInt(24 * 30)), "DE", "Europe/Berlin", rng.Bernoulli(0.8) ? 1 + rng.NextInt(500) : null, plan)
        {
            Numeric = numeric,
            Categorical = categorical,
        };
    }
}
