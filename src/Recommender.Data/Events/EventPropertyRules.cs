using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>
/// What the contract asks of an event's <c>properties</c> object beyond being one: a <c>profile_updated</c> sets
/// attributes that are texts, numbers, booleans or null, the fixed ones of their kind and a time zone an IANA id; a
/// <c>propensity</c> is a number in (0, 1]. The events table's validator and the API's events endpoint both ask here,
/// so that an event the API applies is one training would read.
/// </summary>
public static class EventPropertyRules
{
    /// <summary>One broken rule: what was expected, and what the properties hold.</summary>
    public readonly record struct Problem(string Expected, string Found);

    /// <summary>Every rule <paramref name="properties"/> (a JSON object) breaks for an event of <paramref name="eventType"/>.</summary>
    public static List<Problem> Check(string? eventType, JsonElement properties)
    {
        var problems = new List<Problem>();
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return problems;
        }

        if (eventType == EventTypes.ProfileUpdated)
        {
            CheckProfileAttributes(properties, problems);
        }
        else if (properties.TryGetProperty(EventProperties.Propensity, out var propensity))
        {
            CheckPropensity(propensity, problems);
        }

        return problems;
    }

    private static void CheckProfileAttributes(JsonElement root, List<Problem> problems)
    {
        foreach (var member in root.EnumerateObject())
        {
            ProfileValue? value = member.Value.ValueKind switch
            {
                JsonValueKind.String => ProfileValue.Of(member.Value.GetString()!),
                JsonValueKind.Number => ProfileValue.Of(member.Value.GetDouble()),
                JsonValueKind.True => ProfileValue.Of(1),
                JsonValueKind.False => ProfileValue.Of(0),
                JsonValueKind.Null => ProfileValue.Cleared,
                _ => null,
            };
            var problem = value is { } v ? ProfileAttributes.Problem(member.Name, v) : "a text, a number, a boolean or null";
            if (problem is null && member.Name == ProfileAttributes.Timezone && value!.Value.Text is { } zone)
            {
                problem = TimeZoneIds.Problem(zone) is null ? null : "an IANA time zone id such as \"Europe/Berlin\"";
            }

            if (problem is not null)
            {
                problems.Add(new Problem($"\"{member.Name}\" of a {EventTypes.ProfileUpdated} to be {problem}",
                    $"{member.Value.GetRawText()} (a JSON {KindName(member.Value.ValueKind)})"));
            }
        }
    }

    /// <summary>A propensity is the probability the logging policy chose this action: off-policy estimates divide by it.</summary>
    private static void CheckPropensity(JsonElement propensity, List<Problem> problems)
    {
        if (propensity.ValueKind == JsonValueKind.Number && propensity.TryGetDouble(out var p) && p > 0 && p <= 1)
        {
            return;
        }

        var found = propensity.ValueKind == JsonValueKind.Number
            ? propensity.GetRawText()
            : $"{propensity.GetRawText()} (a JSON {KindName(propensity.ValueKind)})";
        problems.Add(new Problem($"\"{EventProperties.Propensity}\" to be a number in (0, 1]", found));
    }

    /// <summary>A JSON kind as the messages name it.</summary>
    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
