using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Core.Features;

/// <summary>
/// What the data adds to the catalog to make a feature schema: the frequent product event types to count,
/// and the profile vocabularies. Stored with a model so that serving rebuilds the very same schema.
/// </summary>
public sealed record FeatureSchemaOptions
{
    /// <summary>Event types counted in windows besides the catalog's goal events (duplicates are ignored).</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];

    /// <summary>Known plans, one-hot encoded.</summary>
    public IReadOnlyList<string> Plans { get; init; } = [];

    /// <summary>Extra numeric profile columns.</summary>
    public IReadOnlyList<string> NumericColumns { get; init; } = [];

    /// <summary>Extra categorical profile columns and their known values.</summary>
    public IReadOnlyList<CategoricalVocabulary> CategoricalColumns { get; init; } = [];

    /// <summary>
    /// Whether the schema has the features of when and where the user engages: the decision's local hour and weekday,
    /// the user's product actions at that hour and on that weekday, and opens and clicks by channel
    /// (<c>time.*</c>, <c>channel.*</c>). Off unless training asks for them, so a bundle trained before they existed
    /// (whose manifest does not name them) rebuilds the schema it was trained on.
    /// </summary>
    public bool TimeAndChannel { get; init; }

    /// <summary>
    /// Vocabularies read off the profiles: every plan and column name seen, and for each categorical column its
    /// <paramref name="maxValuesPerColumn"/> most frequent values (ties by name). Dated values count as well: the
    /// profiles' <see cref="UserProfile.Updates"/> and <paramref name="profileUpdates"/> (<c>profile_updated</c> events
    /// of the log). All lists are sorted so the result, and the schema hash, do not depend on the order of the input.
    /// </summary>
    public static FeatureSchemaOptions FromProfiles(
        IEnumerable<UserProfile> profiles, IEnumerable<string> eventTypes, int maxValuesPerColumn = 32,
        IEnumerable<UserEvent>? profileUpdates = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(eventTypes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValuesPerColumn);

        var plans = new SortedSet<string>(StringComparer.Ordinal);
        var numeric = new SortedSet<string>(StringComparer.Ordinal);
        var categorical = new SortedDictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        void Categorical(string column, string value)
        {
            if (!categorical.TryGetValue(column, out var counts))
            {
                categorical[column] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        void Updates(IEnumerable<UserEvent> updates)
        {
            foreach (var e in updates.Where(e => e.EventType == Events.EventTypes.ProfileUpdated))
            {
                foreach (var (name, value) in ProfileAttributes.Parse(e.Properties))
                {
                    if (name == ProfileAttributes.Plan && value.Text is { } plan)
                    {
                        plans.Add(plan);
                    }
                    else if (ProfileAttributes.Fixed.Contains(name))
                    {
                        continue;
                    }
                    else if (value.Kind == ProfileValueKind.Number)
                    {
                        numeric.Add(name);
                    }
                    else if (value.Text is { } text)
                    {
                        Categorical(name, text);
                    }
                }
            }
        }

        foreach (var p in profiles)
        {
            if (p.Plan is { } plan)
            {
                plans.Add(plan);
            }

            numeric.UnionWith(p.Numeric.Keys);
            foreach (var (column, value) in p.Categorical)
            {
                Categorical(column, value);
            }

            Updates(p.Updates);
        }

        Updates(profileUpdates ?? []);
        return new FeatureSchemaOptions
        {
            EventTypes = eventTypes.ToArray(),
            Plans = plans.ToArray(),
            NumericColumns = numeric.ToArray(),
            CategoricalColumns = categorical
                .Select(c => new CategoricalVocabulary(c.Key, c.Value
                    .OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
                    .Take(maxValuesPerColumn)
                    .Select(v => v.Key)
                    .Order(StringComparer.Ordinal)
                    .ToArray()))
                .ToArray(),
        };
    }

    /// <summary>
    /// The <paramref name="top"/> most frequent product event types (reserved types excluded: they have
    /// features of their own) among <paramref name="counts"/>, most frequent first, ties by name.
    /// </summary>
    public static IReadOnlyList<string> FrequentEventTypes(IReadOnlyDictionary<string, long> counts, int top)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return counts
            .Where(c => !Events.EventTypes.Reserved.Contains(c.Key))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(c => c.Key)
            .ToArray();
    }
}
