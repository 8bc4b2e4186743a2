using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Import.Catalogs;
using Recommender.Import.Text;

namespace Recommender.Import.OpenBandit;

/// <summary>
/// The Open Bandit items as a catalog: one message per item (<c>item_07</c>), its goal a click within the hour, worth 1,
/// and the item's attributes from <c>item_context.csv</c> as message features. OBD hashes each categorical item
/// attribute with a different salt in each log, though the two logs of a campaign group the items identically; so each
/// value is named by the lowest item carrying it (<c>like_item_02</c>), and both logs give the same catalog and schema.
/// The policy is a must-fill slot (a recommendation is always shown): no "send nothing", no caps, gaps, quiet hours or
/// fatigue cost, and no global holdout (its users would see an empty slot, which the log never shows). The fatigue window
/// is an hour like the goal's: the data has no opt-outs, and a week's window would leave a week's log no decision whose
/// outcomes are final.
/// </summary>
public static class ObdCatalog
{
    public const string Click = "item_clicked";

    public static string MessageId(int item) => string.Create(CultureInfo.InvariantCulture, $"item_{item:D2}");

    /// <summary>The catalog of the items in <paramref name="itemContext"/> plus any other item the log shows (without features).</summary>
    /// <exception cref="InvalidDataException">The file lacks a column or holds a bad row.</exception>
    public static MessageCatalog Read(string itemContext, IEnumerable<int> loggedItems)
    {
        var items = new SortedDictionary<int, Dictionary<string, string>>();
        string[] columns;
        using (var csv = CsvReader.Open(itemContext))
        {
            var header = CsvHeader.Read(itemContext, csv);
            var id = header.Index("item_id");
            columns = header.Names.Where(n => n.StartsWith("item_feature_", StringComparison.Ordinal)).ToArray();
            var at = columns.Select(header.Index).ToArray();
            while (csv.Read(out var problem) is { } record)
            {
                if (problem is not null || record.Count != header.Count || !int.TryParse(record[id], NumberStyles.None, CultureInfo.InvariantCulture, out var item))
                {
                    throw new InvalidDataException($"{itemContext} line {csv.RecordLine}: expected {header.Count} fields with a whole item_id, found {problem ?? string.Join(",", record)}.");
                }

                items[item] = columns.Select((c, i) => (c, record[at[i]])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);
            }
        }

        // A column is numeric when every item's value is a number; a text column's values are named by their lowest item.
        var numeric = columns.Where(c => items.Values.All(v => double.TryParse(v[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToHashSet();
        var names = columns.Where(c => !numeric.Contains(c)).ToDictionary(
            c => c,
            c => items.GroupBy(i => i.Value[c]).ToDictionary(g => g.Key, g => "like_" + MessageId(g.Min(i => i.Key))),
            StringComparer.Ordinal);

        var messages = items.Select(i => Message(i.Key, columns.ToDictionary(
                c => c,
                c => numeric.Contains(c) ? MessageFeatureValue.Of(double.Parse(i.Value[c], CultureInfo.InvariantCulture)) : MessageFeatureValue.Of(names[c][i.Value[c]]))))
            .Concat(loggedItems.Distinct().Where(i => !items.ContainsKey(i)).Order().Select(i => Message(i, null)))
            .ToList();
        return new MessageCatalog
        {
            Messages = messages,
            // An always-filled slot; a click counts within the hour of its impression.
            Policy = CampaignPolicy.WithoutContactRules() with { AllowNoSend = false, FatigueWindowHours = 1 },
        };
    }

    private static MessageDefinition Message(int item, Dictionary<string, MessageFeatureValue>? features) => new()
    {
        Id = MessageId(item),
        Category = MessageCategory.Marketing,
        Channel = "web",
        GoalEvent = Click,
        RepeatableGoal = true,
        GoalWindowHours = 1,
        Value = 1,
        Features = features,
    };
}
