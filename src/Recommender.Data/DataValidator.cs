using Recommender.Core.Catalog;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data;

/// <summary>
/// Validates a whole data folder in one pass and reports every problem: each table on its own, then
/// the cross-checks that only make sense together (goals nobody reaches, users without a profile,
/// messages the catalog does not know).
/// </summary>
public static class DataValidator
{
    private const int ExamplesShown = 5;

    public static async Task<ValidationReport> ValidateAsync(string dir, CancellationToken ct = default)
    {
        var issues = new List<ValidationIssue>();
        var (eventsPath, profilesPath, catalogPath) = DataFolder.Resolve(dir, issues);

        MessageCatalog? catalog = null;
        if (catalogPath is not null)
        {
            var read = CatalogJson.Read(catalogPath);
            catalog = read.Catalog;
            issues.AddRange(read.Issues);
        }

        ProfileReadSummary? profileSummary = null;
        HashSet<string>? profileUsers = null;
        if (profilesPath is not null)
        {
            var options = new ProfileReadOptions { OnError = ErrorPolicy.Collect };
            var profiles = await ProfileParquetReader.ReadAsync(profilesPath, options, ct).ConfigureAwait(false);
            profileSummary = options.Summary;
            issues.AddRange(profileSummary.Issues);
            profileUsers = profiles.Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        }

        EventReadSummary? eventSummary = null;
        if (eventsPath is not null)
        {
            var checks = new CrossChecks(profileUsers, catalog);
            var options = new EventReadOptions { OnError = ErrorPolicy.Collect };
            await foreach (var batch in EventParquetReader.ReadAsync(eventsPath, options, ct).ConfigureAwait(false))
            {
                checks.Add(batch);
            }

            eventSummary = options.Summary;
            issues.AddRange(eventSummary.Issues);
            issues.AddRange(checks.Issues(eventsPath, catalogPath, eventSummary));
        }

        return new ValidationReport(dir, issues, eventSummary, profileSummary, catalog);
    }

    /// <summary>What the events say about the other two parts, gathered while streaming.</summary>
    private sealed class CrossChecks(HashSet<string>? profileUsers, MessageCatalog? catalog)
    {
        private readonly HashSet<string> _usersWithoutProfile = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _unknownMessages = new(StringComparer.Ordinal);
        private readonly HashSet<string> _catalogIds =
            catalog?.Messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal) ?? [];

        private long _eventsWithoutProfile;

        public void Add(EventBatch batch)
        {
            foreach (var e in batch.Events)
            {
                if (profileUsers is not null && !profileUsers.Contains(e.UserId))
                {
                    _eventsWithoutProfile++;
                    _usersWithoutProfile.Add(e.UserId);
                }

                if (catalog is not null && e.MessageId is { } messageId && !_catalogIds.Contains(messageId))
                {
                    _unknownMessages[messageId] = _unknownMessages.GetValueOrDefault(messageId) + 1;
                }
            }
        }

        public IEnumerable<ValidationIssue> Issues(string eventsPath, string? catalogPath, EventReadSummary events)
        {
            if (_eventsWithoutProfile > 0)
            {
                var examples = Show.List(_usersWithoutProfile.Order(StringComparer.Ordinal).Take(ExamplesShown));
                yield return ValidationIssue.InTable(
                    IssueSeverity.Warning, eventsPath, null, EventColumns.UserId, "a profile for every user of the events",
                    $"{_eventsWithoutProfile} events of {_usersWithoutProfile.Count} users without a profile (e.g. {examples})");
            }

            if (_unknownMessages.Count > 0)
            {
                var examples = string.Join(", ", _unknownMessages
                    .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(ExamplesShown)
                    .Select(p => $"\"{p.Key}\" ({p.Value})"));
                yield return ValidationIssue.InTable(
                    IssueSeverity.Warning, eventsPath, null, EventColumns.MessageId, "message ids that the catalog defines",
                    $"{_unknownMessages.Values.Sum()} events with {_unknownMessages.Count} unknown message ids: {examples}");
            }

            if (catalog is null || catalogPath is null)
            {
                yield break;
            }

            // A goal or trigger that never occurs in the data cannot be learned or fire: most likely a typo.
            for (var i = 0; i < catalog.Messages.Count; i++)
            {
                var message = catalog.Messages[i];
                if (!events.EventTypeCounts.ContainsKey(message.GoalEvent))
                {
                    yield return Absent(catalogPath, i, $"messages[{i}].goal_event", message.GoalEvent);
                }

                if (message.Trigger is { } trigger && !events.EventTypeCounts.ContainsKey(trigger.EventType))
                {
                    yield return Absent(catalogPath, i, $"messages[{i}].trigger.event_type", trigger.EventType);
                }
            }
        }

        private static ValidationIssue Absent(string catalogPath, int index, string at, string eventType) =>
            ValidationIssue.InJson(IssueSeverity.Warning, catalogPath, index, at,
                "an event type that occurs in the events table", $"{Show.Text(eventType)}, which no event has");
    }
}
