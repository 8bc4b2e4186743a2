using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// Builds the feature schema for a data folder when no model dictates one: vocabularies from all profiles (dated rows
/// included) and from the <c>profile_updated</c> events at the head of the log, and the frequent event types from that
/// same head of the events table.
/// </summary>
public static class SchemaInference
{
    /// <summary>How many of the most frequent product event types the schema counts in windows unless told otherwise.</summary>
    public const int DefaultTopEventTypes = 12;

    /// <summary>Events the head sample reads: enough to see every common action. The examples pass reads the rest anyway.</summary>
    public const long DefaultSampleEvents = 200_000;

    /// <summary>
    /// Counts event types over the first <paramref name="sampleEvents"/> valid events (whole row groups) and keeps
    /// the <paramref name="top"/> most frequent product types. A sample, not a pass: the examples pass that follows
    /// reads the table anyway, and the head of a log sees every common action. Deterministic for a given table.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FrequentEventTypesAsync(
        string eventsPath, int top = DefaultTopEventTypes, long sampleEvents = DefaultSampleEvents, CancellationToken ct = default) =>
        (await SampleAsync(eventsPath, top, sampleEvents, ct).ConfigureAwait(false)).EventTypes;

    /// <summary>
    /// The head sample: its <paramref name="top"/> most frequent product event types, and its <c>profile_updated</c>
    /// events, whose attributes join the profile vocabularies. Attributes or values that first appear after the sample
    /// get no column or read as "(other)"; the profiles table's dated rows are read whole.
    /// </summary>
    public static async Task<HeadSample> SampleAsync(
        string eventsPath, int top = DefaultTopEventTypes, long sampleEvents = DefaultSampleEvents, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventsPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleEvents);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var updates = new List<UserEvent>();
        long seen = 0;
        await foreach (var batch in EventParquetReader.ReadAsync(eventsPath, new EventReadOptions(), ct).ConfigureAwait(false))
        {
            foreach (var e in batch.Events)
            {
                counts[e.EventType] = counts.GetValueOrDefault(e.EventType) + 1;
                if (e.EventType == EventTypes.ProfileUpdated)
                {
                    updates.Add(e);
                }
            }

            seen += batch.Events.Count;
            if (seen >= sampleEvents)
            {
                break;
            }
        }

        return new HeadSample(FeatureSchemaOptions.FrequentEventTypes(counts, top), updates);
    }

    public static FeatureSchema Create(
        MessageCatalog catalog, IEnumerable<UserProfile> profiles, IReadOnlyList<string> eventTypes, IEnumerable<UserEvent>? profileUpdates = null,
        bool timeAndChannel = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FeatureSchema.Create(
            catalog, FeatureSchemaOptions.FromProfiles(profiles, eventTypes, profileUpdates: profileUpdates) with { TimeAndChannel = timeAndChannel });
    }
}
