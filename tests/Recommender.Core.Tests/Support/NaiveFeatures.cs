using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Core.Tests.Support;

/// <summary>
/// The oracle: every feature computed straight from the raw event list with timestamp filters, the slow obvious
/// way, with no state, no compaction and no clever indexing. Written from the feature definitions, by name.
/// </summary>
internal static class NaiveFeatures
{
    private const float Missing = -1f;

    public static Dictionary<string, float> Compute(
        FeatureSchema schema, MessageCatalog catalog, IEnumerable<UserEvent> log, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var before = log.Where(e => e.Timestamp < asOf).ToList();
        profile = ProfileBefore(profile, before);
        List<UserEvent> Within(double days) => before.Where(e => e.Timestamp >= asOf.AddDays(-days)).ToList();
        List<UserEvent> OfType(IEnumerable<UserEvent> events, string type) => events.Where(e => e.EventType == type).ToList();
        float DaysSince(DateTime t) => (float)(asOf - t).TotalDays;
        float HoursSince(DateTime t) => (float)(asOf - t).TotalHours;
        var f = new Dictionary<string, float>();

        foreach (var type in schema.BehaviourTypes)
        {
            var all = OfType(before, type);
            f[$"evt.{type}.count_1d"] = OfType(Within(1), type).Count;
            f[$"evt.{type}.count_7d"] = OfType(Within(7), type).Count;
            f[$"evt.{type}.count_30d"] = OfType(Within(30), type).Count;
            f[$"evt.{type}.count_total"] = all.Count;
            f[$"evt.{type}.days_since_first"] = all.Count == 0 ? Missing : DaysSince(all.Min(e => e.Timestamp));
            f[$"evt.{type}.days_since_last"] = all.Count == 0 ? Missing : DaysSince(all.Max(e => e.Timestamp));
        }

        f["activity.active_days_30d"] = Within(30).Where(e => !EventTypes.Reserved.Contains(e.EventType)).Select(e => e.Timestamp.Date).Distinct().Count();
        f["activity.days_since_signup"] = profile?.SignupAt is { } signup ? DaysSince(signup) : Missing;

        var sends = OfType(before, EventTypes.MessageSent);
        foreach (var (suffix, days) in new[] { ("1d", 1), ("7d", 7), ("30d", 30) })
        {
            var window = OfType(Within(days), EventTypes.MessageSent);
            f[$"send.count_{suffix}"] = window.Count;
            foreach (var category in Enum.GetValues<MessageCategory>())
            {
                f[$"send.category.{category.ToString().ToLowerInvariant()}.count_{suffix}"] =
                    window.Count(e => catalog.Find(e.MessageId!)?.Category == category);
            }

            foreach (var channel in catalog.Messages.Select(m => m.Channel).Distinct())
            {
                f[$"send.channel.{channel}.count_{suffix}"] = window.Count(e => catalog.Find(e.MessageId!)?.Channel == channel);
            }
        }

        f["send.hours_since_last"] = sends.Count == 0 ? Missing : HoursSince(sends.Max(e => e.Timestamp));

        var recentWindow = OfType(Within(30), EventTypes.MessageSent)
            .OrderBy(e => e.Timestamp).ThenBy(e => e.MessageId, StringComparer.Ordinal).ToList();
        var recent = recentWindow.TakeLast(FeatureValues.RecentSends).ToList();
        bool Reacted(UserEvent send, string reaction) => before.Any(o =>
            o.EventType == reaction && o.MessageId == send.MessageId && o.Timestamp >= send.Timestamp &&
            !sends.Any(s2 => s2.MessageId == send.MessageId && s2.Timestamp > send.Timestamp && s2.Timestamp <= o.Timestamp));
        f["send.recent_count"] = recent.Count;
        f["send.recent_open_rate"] = recent.Count == 0 ? Missing : (float)(recent.Count(s => Reacted(s, EventTypes.MessageOpened)) / (double)recent.Count);
        f["send.recent_click_rate"] = recent.Count == 0 ? Missing : (float)(recent.Count(s => Reacted(s, EventTypes.MessageClicked)) / (double)recent.Count);
        f["send.consecutive_unopened"] = Enumerable.Reverse(recentWindow).TakeWhile(s => !Reacted(s, EventTypes.MessageOpened)).Count();

        f["optout.message_category"] = Unsubscribed(before, message.Category.ToString().ToLowerInvariant(), allOnly: false) ? 1 : 0;
        f["optout.all"] = Unsubscribed(before, "*", allOnly: true) ? 1 : 0;
        f["optout.complained"] = before.Any(e => e.EventType == EventTypes.Complained) ? 1 : 0;

        // A ticket is open when its latest open is later than its latest close (a close at the same instant wins).
        f["support.open_tickets"] = OfType(before, EventTypes.TicketOpened).GroupBy(e => TicketId(e) ?? e.EventId)
            .Count(g => !OfType(before, EventTypes.TicketClosed).Any(c => TicketId(c) == g.Key && c.Timestamp >= g.Max(o => o.Timestamp)));
        f["support.tickets_30d"] = OfType(Within(30), EventTypes.TicketOpened).Count;
        var tickets = OfType(before, EventTypes.TicketOpened);
        f["support.hours_since_last_ticket"] = tickets.Count == 0 ? Missing : HoursSince(tickets.Max(e => e.Timestamp));
        f["support.kb_views_7d"] = OfType(Within(7), EventTypes.KbArticleViewed).Count;
        f["support.kb_views_30d"] = OfType(Within(30), EventTypes.KbArticleViewed).Count;

        f["profile.company_size"] = profile?.CompanySize ?? Missing;
        f["profile.log_company_size"] = profile?.CompanySize is { } size ? (float)Math.Log(1.0 + size) : Missing;
        OneHot(f, "profile.plan", schema.Options.Plans, profile?.Plan);
        foreach (var column in schema.Options.NumericColumns)
        {
            var has = profile is not null && profile.Numeric.ContainsKey(column) && !double.IsNaN(profile.Numeric[column]) && !double.IsInfinity(profile.Numeric[column]);
            f[$"profile.num.{column}"] = has ? (float)profile!.Numeric[column] : 0;
            f[$"profile.num.{column}.present"] = has ? 1 : 0;
        }

        foreach (var vocabulary in schema.Options.CategoricalColumns)
        {
            OneHot(f, $"profile.cat.{vocabulary.Column}", vocabulary.Values,
                profile is not null && profile.Categorical.TryGetValue(vocabulary.Column, out var v) ? v : null);
        }

        if (schema.Options.TimeAndChannel)
        {
            TimeAndChannel(f, catalog, before, Within(30), profile, asOf);
        }

        foreach (var m in catalog.Messages)
        {
            f[$"msg.id={m.Id}"] = m.Id == message.Id ? 1 : 0;
        }

        foreach (var category in Enum.GetValues<MessageCategory>())
        {
            f[$"msg.category={category.ToString().ToLowerInvariant()}"] = category == message.Category ? 1 : 0;
        }

        OneHot(f, "msg.channel", catalog.Messages.Select(m => m.Channel).Distinct().ToList(), message.Channel);
        f["msg.priority"] = message.Priority;
        f["msg.goal_reached"] = before.Any(e => e.EventType == message.GoalEvent) ? 1 : 0;
        f["msg.goal_count_7d"] = OfType(Within(7), message.GoalEvent).Count;
        f["msg.goal_count_30d"] = OfType(Within(30), message.GoalEvent).Count;
        var ownSends = sends.Where(e => e.MessageId == message.Id).ToList();
        f["msg.sends"] = ownSends.Count;
        f["msg.hours_since_last_send"] = ownSends.Count == 0 ? Missing : HoursSince(ownSends.Max(e => e.Timestamp));

        foreach (var name in catalog.Messages.SelectMany(m => m.Features ?? new Dictionary<string, MessageFeatureValue>()).Where(x => x.Value.Number is not null).Select(x => x.Key).Distinct())
        {
            var has = message.Features is not null && message.Features.TryGetValue(name, out var v) && v.Number is not null;
            f[$"msg.num.{name}"] = has ? (float)message.Features![name].Number!.Value : 0;
            f[$"msg.num.{name}.present"] = has ? 1 : 0;
        }

        foreach (var group in catalog.Messages.SelectMany(m => m.Features ?? new Dictionary<string, MessageFeatureValue>()).Where(x => x.Value.Text is not null).GroupBy(x => x.Key))
        {
            OneHot(f, $"msg.cat.{group.Key}", group.Select(x => x.Value.Text!).Distinct().ToList(),
                message.Features is not null && message.Features.TryGetValue(group.Key, out var v) ? v.Text : null);
        }

        return f;
    }

    /// <summary>
    /// When and where the user engages: every instant of the window moved by the zone's offset at the decision (UTC
    /// without a zone or with one this machine does not know), the hour and weekday read off the shifted clock.
    /// </summary>
    private static void TimeAndChannel(
        Dictionary<string, float> f, MessageCatalog catalog, List<UserEvent> before, List<UserEvent> last30, UserProfile? profile, DateTime asOf)
    {
        var offset = profile?.Timezone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone.GetUtcOffset(asOf) : TimeSpan.Zero;
        var now = asOf + offset;
        var actions = last30.Where(e => !EventTypes.Reserved.Contains(e.EventType)).Select(e => e.Timestamp + offset).ToList();
        var near = actions.Count(t => Math.Min((t.Hour - now.Hour + 24) % 24, (now.Hour - t.Hour + 24) % 24) <= 1);
        f["time.local_hour"] = now.Hour;
        f["time.local_weekday"] = (int)now.DayOfWeek;
        f["time.actions_at_hour_ratio"] = actions.Count == 0 ? Missing : (float)(near * 8.0 / actions.Count);
        f["time.actions_on_weekday_ratio"] = actions.Count == 0 ? Missing : (float)(actions.Count(t => t.DayOfWeek == now.DayOfWeek) * 7.0 / actions.Count);

        var sends = before.Where(e => e.EventType == EventTypes.MessageSent).ToList();
        bool Reacted(UserEvent send, string reaction) => before.Any(o =>
            o.EventType == reaction && o.MessageId == send.MessageId && o.Timestamp >= send.Timestamp &&
            !sends.Any(s2 => s2.MessageId == send.MessageId && s2.Timestamp > send.Timestamp && s2.Timestamp <= o.Timestamp));
        string? ChannelOf(UserEvent send)
        {
            var named = EventPropertyReader.GetString(send.Properties, EventProperties.Channel);
            return catalog.Find(send.MessageId!) is not { } m ? null
                : named is not null && m.Channels is { } offered && offered.Contains(named) ? named : m.Channel;
        }

        foreach (var channel in catalog.Messages.Select(m => m.Channel).Distinct())
        {
            var on = last30.Where(e => e.EventType == EventTypes.MessageSent && ChannelOf(e) == channel).ToList();
            f[$"channel.{channel}.open_rate_30d"] = on.Count == 0 ? Missing : (float)(on.Count(s => Reacted(s, EventTypes.MessageOpened)) / (double)on.Count);
            f[$"channel.{channel}.click_rate_30d"] = on.Count == 0 ? Missing : (float)(on.Count(s => Reacted(s, EventTypes.MessageClicked)) / (double)on.Count);
        }
    }

    /// <summary>
    /// The profile as it stood just before the instant: for each attribute, the value of the latest profile_updated
    /// event before it that sets the attribute to a value of a kind it may take (at one instant, the greater value by
    /// kind then text or number), else the profile's own.
    /// </summary>
    private static UserProfile? ProfileBefore(UserProfile? profile, List<UserEvent> before)
    {
        var latest = new Dictionary<string, (DateTime At, int Kind, string? Text, double Number)>();
        foreach (var e in before.Where(e => e.EventType == EventTypes.ProfileUpdated))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(e.Properties ?? "{}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                (int Kind, string? Text, double Number)? value = p.Value.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.Null => (0, null, 0),
                    System.Text.Json.JsonValueKind.String => (1, p.Value.GetString(), 0),
                    System.Text.Json.JsonValueKind.Number => (2, null, p.Value.GetDouble()),
                    System.Text.Json.JsonValueKind.True => (2, null, 1),
                    System.Text.Json.JsonValueKind.False => (2, null, 0),
                    _ => null,
                };
                if (value is not { } v || !Allowed(p.Name, v.Kind, v.Text, v.Number))
                {
                    continue;
                }

                var candidate = (e.Timestamp, v.Kind, v.Text, v.Number);
                if (!latest.TryGetValue(p.Name, out var held) || Later(candidate, held))
                {
                    latest[p.Name] = candidate;
                }
            }
        }

        if (latest.Count == 0)
        {
            return profile;
        }

        var result = profile ?? new UserProfile("");
        var numeric = new Dictionary<string, double>(result.Numeric);
        var categorical = new Dictionary<string, string>(result.Categorical);
        foreach (var (name, (_, kind, text, number)) in latest)
        {
            switch (name)
            {
                case "plan": result = result with { Plan = text }; break;
                case "country": result = result with { Country = text }; break;
                case "timezone": result = result with { Timezone = text }; break;
                case "company_size": result = result with { CompanySize = kind == 2 ? (int)number : null }; break;
                case "signup_at": result = result with { SignupAt = text is null ? null : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime }; break;
                default:
                    numeric.Remove(name);
                    categorical.Remove(name);
                    if (kind == 2)
                    {
                        numeric[name] = number;
                    }
                    else if (kind == 1)
                    {
                        categorical[name] = text!;
                    }

                    break;
            }
        }

        return result with { Numeric = numeric, Categorical = categorical };
    }

    private static bool Allowed(string name, int kind, string? text, double number) => kind == 0 || name switch
    {
        "plan" or "country" or "timezone" => kind == 1 && !string.IsNullOrWhiteSpace(text),
        "company_size" => kind == 2 && number >= 0 && number == Math.Floor(number),
        "signup_at" => kind == 1 && text!.EndsWith('Z'),
        _ => true,
    };

    private static bool Later((DateTime At, int Kind, string? Text, double Number) x, (DateTime At, int Kind, string? Text, double Number) y)
    {
        if (x.At != y.At)
        {
            return x.At > y.At;
        }

        if (x.Kind != y.Kind)
        {
            return x.Kind > y.Kind;
        }

        return x.Kind == 1 ? string.CompareOrdinal(x.Text, y.Text) > 0 : x.Number > y.Number;
    }

    /// <summary>The latest opt event reaching the scope decides; an unsubscribe wins a tie.</summary>
    private static bool Unsubscribed(List<UserEvent> before, string category, bool allOnly)
    {
        var reaching = before
            .Where(e => e.EventType is EventTypes.Unsubscribed or EventTypes.Resubscribed)
            .Where(e => Scope(e) == "*" || (!allOnly && Scope(e) == category))
            .ToList();
        var lastUnsub = reaching.Where(e => e.EventType == EventTypes.Unsubscribed).Select(e => (DateTime?)e.Timestamp).Max();
        var lastResub = reaching.Where(e => e.EventType == EventTypes.Resubscribed).Select(e => (DateTime?)e.Timestamp).Max();
        return lastUnsub is not null && (lastResub is null || lastUnsub >= lastResub);
    }

    private static string Scope(UserEvent e) =>
        System.Text.Json.JsonDocument.Parse(e.Properties ?? "{}").RootElement.TryGetProperty("category", out var c)
            ? c.GetString()!.ToLowerInvariant()
            : "*";

    private static string? TicketId(UserEvent e) =>
        System.Text.Json.JsonDocument.Parse(e.Properties ?? "{}").RootElement.TryGetProperty("ticket_id", out var t) ? t.GetString() : null;

    private static void OneHot(Dictionary<string, float> f, string prefix, IEnumerable<string> vocabulary, string? value)
    {
        var hit = false;
        foreach (var v in vocabulary)
        {
            f[$"{prefix}={v}"] = v == value ? 1 : 0;
            hit |= v == value;
        }

        f[$"{prefix}=(other)"] = hit ? 0 : 1;
    }
}
