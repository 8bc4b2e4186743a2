using Recommender.Evaluation.Segments;

namespace Recommender.Evaluation.Tests.Segments;

/// <summary>The segment tree finds the split that explains the uplift, and says it in words.</summary>
public sealed class UpliftTreeTests
{
    [Fact]
    public void The_first_split_is_the_attribute_that_carries_the_uplift_and_leaves_read_as_rules()
    {
        // Two attributes: industry = agency (one-hot, column 0) and company size (number, column 1). The uplift is 0.20
        // for agencies and 0.02 for everyone else, whatever the size; size is noise.
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 1_000).ToArray();
        var values = rows.Select(r => new[] { r % 4 == 0 ? 1f : 0f, rng.Next(1, 500) }).ToArray();
        var uplift = rows.Select(r => values[r][0] > 0 ? 0.20 : 0.02).ToArray();
        SegmentFeature[] features = [new(0, "industry = agency", IsCategory: true), new(1, "company size", IsCategory: false)];

        var leaves = UpliftTree.Fit(features, (r, f) => values[r][f], uplift, rows);

        // The agencies' side cannot be improved by a split on size (all 0.20), nor the others' (all 0.02): two leaves.
        Assert.Equal(2, leaves.Count);
        Assert.Equal("industry = agency", string.Join(" and ", leaves[0].Conditions));
        Assert.Equal("industry ≠ agency", string.Join(" and ", leaves[1].Conditions));
        Assert.Equal(250, leaves[0].Rows.Length);
        Assert.All(leaves[0].Rows, r => Assert.Equal(0.20, uplift[r]));
        Assert.All(leaves[1].Rows, r => Assert.Equal(0.02, uplift[r]));
    }

    [Fact]
    public void A_number_splits_at_a_decile_and_no_leaf_is_smaller_than_the_minimum_share()
    {
        var rows = Enumerable.Range(0, 1_000).ToArray();
        var size = rows.Select(r => (float)r).ToArray();
        // Uplift steps up at size 600 and again, a little, at 980: the second step would leave a leaf of 2 %.
        var uplift = rows.Select(r => r >= 980 ? 0.30 : r >= 600 ? 0.10 : 0.01).ToArray();
        SegmentFeature[] features = [new(0, "company size", IsCategory: false)];

        var leaves = UpliftTree.Fit(features, (r, _) => size[r], uplift, rows);

        var minimum = (int)Math.Ceiling(UpliftTree.MinLeafShare * rows.Length);
        Assert.All(leaves, l => Assert.True(l.Rows.Length >= minimum, $"a leaf of {l.Rows.Length} rows"));
        // The deciles of 0..999 fall at 99, 199, ..., 899: the step at 600 is taken at the nearest, 599.
        Assert.Equal("company size ≥ 599", string.Join(" and ", leaves[0].Conditions.Take(1)));
        Assert.Equal(599, leaves.Where(l => l.Conditions[0].Holds == false).Sum(l => l.Rows.Length));
    }
}
