using Recommender.Models;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Segments;

/// <summary>
/// Who responds: the model's predicted uplift on the validation rows, explained by a shallow tree on profile attributes
/// (<see cref="UpliftTree"/>), over all messages and per message. The tree only describes the model; each leaf's
/// observed uplift, from the randomised hold-outs in it, says whether the data agree.
/// </summary>
internal sealed record ReceptiveSegments(IReadOnlyList<ReceptiveSegment> Overall, IReadOnlyDictionary<string, IReadOnlyList<ReceptiveSegment>> ByMessage, string? Note)
{
    /// <summary>Messages with fewer validation rows get no tree of their own: their leaves would be noise.</summary>
    public const int MinRowsPerMessage = 300;

    private const int MinArmRows = 10;
    private const double Z95 = 1.959963984540054;

    public static ReceptiveSegments Compute(ModelBundle bundle, ValidationSet set)
    {
        var features = SegmentFeature.From(set.Schema.Names);
        var rows = set.PropensityRows.ToArray();
        var uplift = new double[set.Count];
        foreach (var r in rows)
        {
            uplift[r] = bundle.Uplift(set.Features(r));
        }

        var note = bundle.EstimatesNoSend
            ? null
            : "The bundle is in response mode: its \"uplift\" is P(goal | send), so these segments are the most likely to convert, not the most persuadable.";
        if (features.Count == 0)
        {
            note = "The schema has no profile attribute to describe segments with; each table is one segment, all users.";
        }

        var users = rows.Select(r => set.UserIds[r]).Distinct(StringComparer.Ordinal).Count();
        var byMessage = new SortedDictionary<string, IReadOnlyList<ReceptiveSegment>>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => set.MessageIds[r], StringComparer.Ordinal).Where(g => g.Count() >= MinRowsPerMessage))
        {
            var messageRows = group.ToArray();
            var messageUsers = messageRows.Select(r => set.UserIds[r]).Distinct(StringComparer.Ordinal).Count();
            byMessage[group.Key] = Leaves(set, features, uplift, messageRows, messageUsers);
        }

        return new ReceptiveSegments(Leaves(set, features, uplift, rows, users), byMessage, note);
    }

    private static List<ReceptiveSegment> Leaves(ValidationSet set, IReadOnlyList<SegmentFeature> features, double[] uplift, int[] rows, int users)
    {
        var leaves = UpliftTree.Fit(features, (r, f) => set.Features(r)[f], uplift, rows);
        return [.. leaves.Select(leaf => Describe(set, uplift, leaf.Conditions, leaf.Rows, users))];
    }

    /// <summary>The conditions in words, two bounds on one number read as a range ("8 ≤ company size < 22").</summary>
    private static string Words(IReadOnlyList<SegmentCondition> conditions)
    {
        var parts = new List<string>();
        foreach (var group in conditions.GroupBy(c => c.Feature))
        {
            if (group.Key.IsCategory)
            {
                parts.AddRange(group.Select(c => c.ToString()));
                continue;
            }

            var low = group.Where(c => c.Holds).Select(c => (float?)c.Threshold).Max();
            var high = group.Where(c => !c.Holds).Select(c => (float?)c.Threshold).Min();
            parts.Add((low, high) switch
            {
                ({ } l, { } h) => $"{Number(l)} ≤ {group.Key.Label} < {Number(h)}",
                ({ } l, null) => $"{group.Key.Label} ≥ {Number(l)}",
                (null, { } h) => $"{group.Key.Label} < {Number(h)}",
                _ => group.Key.Label,
            });
        }

        return string.Join(" and ", parts);
    }

    private static string Number(float x) => x.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static ReceptiveSegment Describe(ValidationSet set, double[] uplift, IReadOnlyList<SegmentCondition> conditions, int[] rows, int users)
    {
        var sends = rows.Where(r => set.IsTreatment[r]).ToArray();
        var holdouts = rows.Where(r => !set.IsTreatment[r]).ToArray();
        double? observed = null, low = null, high = null;
        if (sends.Length >= MinArmRows && holdouts.Length >= MinArmRows)
        {
            var p1 = sends.Average(r => set.LabelGoal[r] ? 1.0 : 0.0);
            var p0 = holdouts.Average(r => set.LabelGoal[r] ? 1.0 : 0.0);
            var se = Math.Sqrt(p1 * (1 - p1) / sends.Length + p0 * (1 - p0) / holdouts.Length);
            (observed, low, high) = (p1 - p0, p1 - p0 - Z95 * se, p1 - p0 + Z95 * se);
        }

        var segmentUsers = rows.Select(r => set.UserIds[r]).Distinct(StringComparer.Ordinal).Count();
        return new ReceptiveSegment(
            conditions.Count == 0 ? "all users" : Words(conditions),
            rows.Length,
            segmentUsers,
            (double)segmentUsers / users,
            rows.Average(r => uplift[r]),
            sends.Length,
            holdouts.Length,
            observed,
            low,
            high);
    }
}
