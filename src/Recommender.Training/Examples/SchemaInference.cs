using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// Builds the feature schema for a data folder when no model dictates one: vocabularies from all profiles, and
/// the frequent event types from the head of the events table.
/// </summary>
public static class SchemaInference
{
    /// <summary>How many of the most frequent product event types the schema counts in windows unless told otherwise.</summary>
    public const int DefaultTopEventTypes = 12;

    /// <summary>
    /// Counts event types over the first <paramref name="sampleEvents"/> valid events (whole row groups) and keeps
    /// the <paramref name="top"/> most frequent product types. A sample, not a pass: the examples pass that follows
    /// reads the table anyway, and the head of a log sees every common action. Deterministic for a given table.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FrequentEventTypesAsync(
        string eventsPath, int top = DefaultTopEventTypes, long sampleEvents = 200_000, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventsPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleEvents);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long seen = 0;
        await foreach (var batch in EventParquetReader.ReadAsync(eventsPath, new EventReadOptions(), ct).ConfigureAwait(false))
        {
            foreach (var e in batch.Events)
            {
                counts[e.EventType] = counts.GetValueOrDefault(e.EventType) + 1;
            }

            seen += batch.Events.Count;
            if (seen >= sampleEvents)
            {
                break;
            }
        }

        return FeatureSchemaOptions.FrequentEventTypes(counts, top);
    }

    public static FeatureSchema Create(MessageCatalog catalog, IEnumerable<UserProfile> profiles, IReadOnlyList<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FeatureSchema.Create(catalog, FeatureSchemaOptions.FromProfiles(profiles, eventTypes));
    }
}
