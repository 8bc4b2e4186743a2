namespace Recommender.Evaluation.Segments;

/// <summary>
/// A shallow regression tree on predicted uplift, kept readable on purpose: splits only on profile attributes (a
/// category equal or not, a number at or above a threshold), at most <see cref="MaxDepth"/> levels, and no leaf under
/// <see cref="MinLeafShare"/> of the rows. Each split is the one that most reduces the squared error of the uplift
/// (CART); ties go to the earlier feature and the lower threshold, so the same rows give the same tree.
/// </summary>
internal sealed class UpliftTree
{
    public const int MaxDepth = 2;
    public const double MinLeafShare = 0.05;

    /// <summary>The leaves' rows and the conditions that lead to each, in left-to-right order.</summary>
    public static IReadOnlyList<(IReadOnlyList<SegmentCondition> Conditions, int[] Rows)> Fit(
        IReadOnlyList<SegmentFeature> features, Func<int, int, float> value, double[] uplift, int[] rows)
    {
        var leaves = new List<(IReadOnlyList<SegmentCondition>, int[])>();
        var minLeaf = Math.Max(2, (int)Math.Ceiling(MinLeafShare * rows.Length));
        Grow([], rows, 0);
        return leaves;

        void Grow(List<SegmentCondition> path, int[] node, int depth)
        {
            var split = depth < MaxDepth ? BestSplit(node) : null;
            if (split is not { } s)
            {
                leaves.Add(([.. path], node));
                return;
            }

            var (left, right) = Partition(node, s.Feature, s.Threshold, s.IsCategory);
            Grow([.. path, new SegmentCondition(features[s.Feature], s.Threshold, Holds: true)], left, depth + 1);
            Grow([.. path, new SegmentCondition(features[s.Feature], s.Threshold, Holds: false)], right, depth + 1);
        }

        (int[] Left, int[] Right) Partition(int[] node, int feature, float threshold, bool isCategory)
        {
            var holds = node.Where(r => Holds(value(r, features[feature].Index), threshold, isCategory)).ToArray();
            var fails = node.Where(r => !Holds(value(r, features[feature].Index), threshold, isCategory)).ToArray();
            return (holds, fails);
        }

        (int Feature, float Threshold, bool IsCategory)? BestSplit(int[] node)
        {
            var total = node.Sum(r => uplift[r]);
            var totalSquares = node.Sum(r => uplift[r] * uplift[r]);
            var parentError = totalSquares - total * total / node.Length;
            (int, float, bool)? best = null;
            var bestError = parentError - 1e-12;
            for (var f = 0; f < features.Count; f++)
            {
                var feature = features[f];
                foreach (var threshold in Thresholds(node, feature))
                {
                    double sum = 0, squares = 0;
                    var n = 0;
                    foreach (var r in node)
                    {
                        if (Holds(value(r, feature.Index), threshold, feature.IsCategory))
                        {
                            sum += uplift[r];
                            squares += uplift[r] * uplift[r];
                            n++;
                        }
                    }

                    var m = node.Length - n;
                    if (n < minLeaf || m < minLeaf)
                    {
                        continue;
                    }

                    var error = squares - sum * sum / n + (totalSquares - squares) - (total - sum) * (total - sum) / m;
                    if (error < bestError)
                    {
                        bestError = error;
                        best = (f, threshold, feature.IsCategory);
                    }
                }
            }

            return best;
        }

        IEnumerable<float> Thresholds(int[] node, SegmentFeature feature)
        {
            if (feature.IsCategory)
            {
                return [1f];
            }

            // Deciles of the present values: thresholds a person would name, and few enough to stay fast.
            var present = node.Select(r => value(r, feature.Index)).Where(float.IsFinite).Order().ToArray();
            return present.Length == 0 ? [] : Enumerable.Range(1, 9).Select(k => present[k * (present.Length - 1) / 10]).Distinct().Order();
        }
    }

    /// <summary>A one-hot holds when hot; a number when at or above the threshold (a missing number never holds).</summary>
    public static bool Holds(float value, float threshold, bool isCategory) =>
        isCategory ? value > 0.5f : float.IsFinite(value) && value >= threshold;
}
