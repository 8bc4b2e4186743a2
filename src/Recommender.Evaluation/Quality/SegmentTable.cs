using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Models.Metrics;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Quality;

/// <summary>
/// A model's quality per segment of its validation rows: by plan, company-size band, channel and message category.
/// A model can be good on average and poor for the users a campaign targets; this table shows where.
/// </summary>
internal static class SegmentTable
{
    public const string Plan = "plan";
    public const string CompanySize = "company_size";
    public const string Channel = "channel";
    public const string Category = "category";

    public static IReadOnlyList<SegmentRow> Compute(
        ScoredRows scored, ValidationSet set, IReadOnlyDictionary<string, UserProfile> profiles, MessageCatalog catalog)
    {
        var dimensions = new (string Name, Func<int, string> Key)[]
        {
            (Plan, r => profiles.GetValueOrDefault(set.UserIds[r])?.Plan ?? "unknown"),
            (CompanySize, r => SizeBand(profiles.GetValueOrDefault(set.UserIds[r])?.CompanySize)),
            (Channel, r => catalog.Find(set.MessageIds[r])?.Channel ?? "unknown"),
            (Category, r => catalog.Find(set.MessageIds[r]) is { } m ? CategoryNames.Of(m.Category) : "unknown"),
        };

        var rows = new List<SegmentRow>();
        foreach (var (name, key) in dimensions)
        {
            var groups = Enumerable.Range(0, scored.Rows.Length)
                .GroupBy(k => key(scored.Rows[k]), StringComparer.Ordinal)
                .OrderBy(g => SortKey(name, g.Key), StringComparer.Ordinal);
            foreach (var group in groups)
            {
                var p = group.Select(k => scored.Probabilities[k]).ToArray();
                var y = group.Select(k => scored.Labels[k]).ToArray();
                var auc = ClassificationMetrics.Auc(p, y);
                rows.Add(new SegmentRow(
                    name, group.Key, p.Length, y.Count(l => l), double.IsFinite(auc) ? auc : null, p.Average(), y.Average(l => l ? 1.0 : 0.0)));
            }
        }

        return rows;
    }

    /// <summary>Bands as a sales team talks about companies; a missing size is its own band.</summary>
    public static string SizeBand(int? size) => size switch
    {
        null => "unknown",
        < 10 => "1-9",
        < 50 => "10-49",
        < 250 => "50-249",
        _ => "250+",
    };

    // Size bands in size order, everything else alphabetically.
    private static string SortKey(string dimension, string key) => dimension == CompanySize
        ? key switch { "1-9" => "0", "10-49" => "1", "50-249" => "2", "250+" => "3", _ => "4" }
        : key.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One segment's rows, positives, AUC (null when undefined there), mean prediction and observed rate.</summary>
internal sealed record SegmentRow(string Dimension, string Segment, long Rows, long Positives, double? Auc, double MeanPredicted, double ObservedRate);
