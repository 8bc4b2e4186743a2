using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.Events;
using Recommender.Data.Validation;

namespace Recommender.Import.Segment;

/// <summary>
/// How Segment-spec calls map to the data contract, beyond the defaults: the mapping file of
/// <c>recommender import segment --mapping FILE</c> (docs/import.md). Every member is optional.
/// </summary>
public sealed record SegmentMapping
{
    /// <summary>The Segment e-mail spec's events and the reserved types they are.</summary>
    public static IReadOnlyDictionary<string, string> StandardEvents { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Email Delivered"] = EventTypes.MessageSent,
        ["Email Opened"] = EventTypes.MessageOpened,
        ["Email Link Clicked"] = EventTypes.MessageClicked,
        ["Unsubscribed"] = EventTypes.Unsubscribed,
        ["Email Marked as Spam"] = EventTypes.Complained,
    };

    /// <summary>Traits that identify a person rather than describe a customer: never features, left out unless mapped.</summary>
    public static IReadOnlySet<string> PersonalTraits { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "email", "phone", "name", "firstName", "lastName", "username", "avatar", "birthday", "description", "website",
        "title", "id", "gender", "address.street", "address.city", "address.postalCode", "address.state",
    };

    /// <summary>Traits with a field of their own in the profile, by default.</summary>
    public static IReadOnlyDictionary<string, string> StandardTraits { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["createdAt"] = Core.Profiles.ProfileAttributes.SignupAt,
        ["plan"] = Core.Profiles.ProfileAttributes.Plan,
        ["company.plan"] = Core.Profiles.ProfileAttributes.Plan,
        ["address.country"] = Core.Profiles.ProfileAttributes.Country,
        ["company.employee_count"] = Core.Profiles.ProfileAttributes.CompanySize,
        ["timezone"] = Core.Profiles.ProfileAttributes.Timezone,
    };

    /// <summary>Event names (<c>track</c>'s <c>event</c>) and the event type each becomes; added to, and overriding, <see cref="StandardEvents"/>.</summary>
    public IReadOnlyDictionary<string, string> Events { get; init; } = new Dictionary<string, string>();

    /// <summary>Event names left out (counted in the summary, not listed as issues).</summary>
    public IReadOnlyList<string> SkipEvents { get; init; } = [];

    /// <summary>Page views whose path starts with a prefix become that rule's event type (first match); others are <c>page_viewed</c>.</summary>
    public IReadOnlyList<PageRule> Pages { get; init; } = [];

    /// <summary>Properties that name the message of a message event, first present wins. Default <c>campaign_id</c>.</summary>
    public IReadOnlyList<string> MessageIdProperties { get; init; } = ["campaign_id"];

    /// <summary>The property of <c>ticket_opened</c>/<c>ticket_closed</c> events that identifies the ticket; copied to <c>ticket_id</c>.</summary>
    public string TicketIdProperty { get; init; } = "ticket_id";

    /// <summary>Properties whose number becomes the event's <c>value</c>, first present wins. Default <c>revenue</c>, <c>value</c>.</summary>
    public IReadOnlyList<string> ValueProperties { get; init; } = ["revenue", "value"];

    /// <summary>
    /// Traits (dotted paths into <c>traits</c>) and the profile attribute each becomes, or null to leave it out; added to,
    /// and overriding, <see cref="StandardTraits"/> and <see cref="PersonalTraits"/>. Other traits keep their path
    /// with dots as underscores.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Traits { get; init; } = new Dictionary<string, string?>();

    /// <summary>Read a timestamp without a zone as UTC instead of leaving its line out. Default false.</summary>
    public bool AssumeUtc { get; init; }

    /// <summary>
    /// A line without <c>messageId</c> gets an id derived from its bytes (so an exact repeat is still caught) instead
    /// of being left out. Default false: the spec requires a messageId, and a line without one is suspect.
    /// </summary>
    public bool DeriveMissingIds { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and checks a mapping file.</summary>
    /// <exception cref="DataValidationException">The file is missing, malformed, or maps something the contract forbids.</exception>
    public static SegmentMapping Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw Invalid(path, null, "a mapping JSON file", "no file at that path");
        }

        SegmentMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<SegmentMapping>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            var at = e.Path?.TrimStart('$').TrimStart('.');
            var found = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"the unknown member \"{at}\""
                : $"{e.Message.Split(". ")[0]} (line {e.LineNumber + 1})";
            throw Invalid(path, string.IsNullOrEmpty(at) ? null : at, "a mapping as docs/import.md describes it", found);
        }

        mapping ??= new SegmentMapping();
        mapping.Check(path);
        return mapping;
    }

    /// <summary>The event type <paramref name="eventName"/> becomes.</summary>
    public string EventTypeFor(string eventName) =>
        Events.TryGetValue(eventName, out var mapped) ? mapped : StandardEvents.GetValueOrDefault(eventName, eventName);

    internal void Check(string path)
    {
        foreach (var (name, type) in Events)
        {
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(type))
            {
                throw Invalid(path, $"events.{name}", "an event name mapped to a non-empty event type", $"\"{name}\" -> \"{type}\"");
            }

            if (type == EventTypes.ProfileUpdated)
            {
                throw Invalid(path, $"events.{name}", "an event type other than profile_updated (identify calls carry profile attributes)", $"\"{type}\"");
            }
        }

        for (var i = 0; i < Pages.Count; i++)
        {
            if (string.IsNullOrEmpty(Pages[i].PathPrefix) || string.IsNullOrWhiteSpace(Pages[i].EventType))
            {
                throw Invalid(path, $"pages[{i}]", "a path_prefix and an event_type", $"\"{Pages[i].PathPrefix}\", \"{Pages[i].EventType}\"");
            }
        }

        if (MessageIdProperties.Count == 0 || MessageIdProperties.Any(string.IsNullOrWhiteSpace))
        {
            throw Invalid(path, "message_id_properties", "at least one non-empty property name", $"{MessageIdProperties.Count} names");
        }

        if (string.IsNullOrWhiteSpace(TicketIdProperty))
        {
            throw Invalid(path, "ticket_id_property", "a property name", "an empty string");
        }
    }

    private static DataValidationException Invalid(string path, string? at, string expected, string found) =>
        new([ValidationIssue.InJson(IssueSeverity.Error, path, null, at, expected, found)]);
}
