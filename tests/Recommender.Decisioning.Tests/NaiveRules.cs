using System.Text.Json;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Rules;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// The hard rules written the slow, obvious way: straight filters over the raw event list, sharing no code
/// with the engine or the fold. The property test holds the engine to it.
/// </summary>
internal static class NaiveRules
{
    /// <summary>The id of the first rule (in the engine's documented order) that forbids <paramref name="m"/>, or null.</summary>
    public static string? FirstViolation(IReadOnlyList<UserEvent> all, UserProfile profile, MessageCatalog catalog, MessageDefinition m, DateTime asOf)
    {
        var events = all.Where(e => e.Timestamp < asOf).ToList();
        var policy = catalog.Policy;
        var transactional = m.Category == MessageCategory.Transactional;
        var bypass = transactional && policy.TransactionalBypassesCaps;
        var category = m.Category.ToString().ToLowerInvariant();
        var sends = events.Where(e => e.EventType == EventTypes.MessageSent).ToList();

        if (!transactional && (OptedOut(events, category) || OptedOut(events, null)))
        {
            return RuleIds.Unsubscribed;
        }

        if (!transactional && events.Any(e => e.EventType == EventTypes.Complained))
        {
            return RuleIds.Complained;
        }

        // The random worlds hold out nobody or everybody; membership of a share in between is tested on its own.
        if (!transactional && policy.Holdout.Share >= 1)
        {
            return RuleIds.GlobalHoldout;
        }

        if (m.Eligibility.Plans.Count > 0 && !m.Eligibility.Plans.Contains(profile.Plan))
        {
            return RuleIds.EligibilityPlan;
        }

        if ((m.Eligibility.MinCompanySize is { } min && !(profile.CompanySize >= min)) || (m.Eligibility.MaxCompanySize is { } max && !(profile.CompanySize <= max)))
        {
            return RuleIds.EligibilityCompanySize;
        }

        if (m.Eligibility.RequiredEvents.Any(r => events.All(e => e.EventType != r)))
        {
            return RuleIds.EligibilityRequiredEvent;
        }

        if (m.Eligibility.ExcludedEvents.Any(x => events.Any(e => e.EventType == x)))
        {
            return RuleIds.EligibilityExcludedEvent;
        }

        if (!m.RepeatableGoal && events.Any(e => e.EventType == m.GoalEvent))
        {
            return RuleIds.GoalReached;
        }

        if (m.Trigger is { } t && events.Count(e => e.EventType == t.EventType && e.Timestamp >= asOf.AddHours(-t.WithinHours)) < t.Count)
        {
            return RuleIds.TriggerNotMet;
        }

        var mine = sends.Where(e => e.MessageId == m.Id).ToList();
        if (m.MaxSends is { } maxSends && mine.Count >= maxSends)
        {
            return RuleIds.MaxSends;
        }

        if (m.CooldownHours > 0 && mine.Count > 0 && (asOf - mine.Max(e => e.Timestamp)).TotalHours < m.CooldownHours)
        {
            return RuleIds.Cooldown;
        }

        var promotionalForSupport = policy.Support.SuppressedCategories.Contains(m.Category);
        if (policy.Support.SuppressOnOpenTicket && promotionalForSupport && OpenTickets(events) > 0)
        {
            return RuleIds.SupportOpenTicket;
        }

        if (policy.Support.MaxTicketsIn30Days is { } limit && promotionalForSupport
            && events.Count(e => e.EventType == EventTypes.TicketOpened && e.Timestamp >= asOf.AddDays(-30)) >= limit)
        {
            return RuleIds.SupportTicketVolume;
        }

        if (policy.QuietHours is { } quiet && !bypass)
        {
            // An unknown time zone means UTC.
            var hour = profile.Timezone is { } zone ? TimeZoneInfo.ConvertTimeFromUtc(asOf, TimeZoneInfo.FindSystemTimeZoneById(zone)).Hour : asOf.Hour;
            var inQuiet = quiet.StartHour <= quiet.EndHour ? hour >= quiet.StartHour && hour < quiet.EndHour : hour >= quiet.StartHour || hour < quiet.EndHour;
            if (inQuiet)
            {
                return RuleIds.QuietHours;
            }
        }

        if (!bypass && policy.MinGapHours > 0 && sends.Count > 0 && (asOf - sends.Max(e => e.Timestamp)).TotalHours < policy.MinGapHours)
        {
            return RuleIds.MinGap;
        }

        if (!bypass)
        {
            if (OverCap(policy.Overall, sends, asOf))
            {
                return RuleIds.CapOverall;
            }

            var sameChannel = sends.Where(e => SentOn(e, catalog) == m.Channel).ToList();
            if (policy.ChannelCaps.TryGetValue(m.Channel, out var channelCap) && OverCap(channelCap, sameChannel, asOf))
            {
                return RuleIds.CapChannel;
            }

            var sameCategory = sends.Where(e => catalog.Find(e.MessageId!)?.Category == m.Category).ToList();
            if (policy.CategoryCaps.TryGetValue(m.Category, out var categoryCap) && OverCap(categoryCap, sameCategory, asOf))
            {
                return RuleIds.CapCategory;
            }
        }

        return null;
    }

    private static bool OverCap(FrequencyCap cap, List<UserEvent> sends, DateTime asOf) =>
        (cap.PerDay is { } d && sends.Count(e => e.Timestamp >= asOf.AddDays(-1)) >= d)
        || (cap.PerWeek is { } w && sends.Count(e => e.Timestamp >= asOf.AddDays(-7)) >= w);

    /// <summary>Latest opt event of the scope (a category, or null for "all") decides; an unsubscribe wins a tie.</summary>
    private static bool OptedOut(List<UserEvent> events, string? category)
    {
        var reaching = events.Where(e => e.EventType is EventTypes.Unsubscribed or EventTypes.Resubscribed)
            .Where(e => Category(e) is null || (category is not null && Category(e) == category)).ToList();
        var lastUnsub = reaching.Where(e => e.EventType == EventTypes.Unsubscribed).Select(e => (DateTime?)e.Timestamp).Max();
        var lastResub = reaching.Where(e => e.EventType == EventTypes.Resubscribed).Select(e => (DateTime?)e.Timestamp).Max();
        return lastUnsub is not null && (lastResub is null || lastUnsub >= lastResub);
    }

    private static int OpenTickets(List<UserEvent> events) =>
        events.Where(e => e.EventType is EventTypes.TicketOpened or EventTypes.TicketClosed)
            .GroupBy(e => Property(e, "ticket_id") ?? e.EventId)
            .Count(g =>
            {
                var opened = g.Where(e => e.EventType == EventTypes.TicketOpened).Select(e => (DateTime?)e.Timestamp).Max();
                var closed = g.Where(e => e.EventType == EventTypes.TicketClosed).Select(e => (DateTime?)e.Timestamp).Max();
                return opened is not null && (closed is null || opened > closed);
            });

    /// <summary>
    /// The channel a send went out on: its <c>channel</c> property when its message offers that channel, else the
    /// message's catalog channel; null for a retired message.
    /// </summary>
    private static string? SentOn(UserEvent send, MessageCatalog catalog) =>
        catalog.Find(send.MessageId!) is not { } message ? null
        : Property(send, "channel") is { } named && (message.Channels ?? []).Contains(named) ? named
        : message.Channel;

    private static string? Category(UserEvent e) => Property(e, "category")?.ToLowerInvariant();

    private static string? Property(UserEvent e, string name)
    {
        if (e.Properties is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(e.Properties);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
