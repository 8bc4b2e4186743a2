using Recommender.Evaluation.Monitoring;

namespace Recommender.Evaluation.Tests.Monitoring;

/// <summary>PSI is near zero for a sample of the same distribution and grows with the move, whatever kind of feature moves.</summary>
public sealed class PopulationStabilityTests
{
    private static float[] Normal(int n, double mean, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())))];
    }

    [Fact]
    public void The_same_distribution_scores_below_the_watch_line_and_a_shifted_one_above_the_attention_line()
    {
        var psi = PopulationStability.Fit(Normal(5_000, 0, 1));

        var same = psi.Index(Normal(2_000, 0, 2));
        var small = psi.Index(Normal(2_000, 0.2, 3));
        var large = psi.Index(Normal(2_000, 1.0, 4));

        Assert.InRange(same, 0, 0.02);
        Assert.InRange(small, 0.02, 0.1);
        Assert.True(large > 0.25, $"a shift of one standard deviation gives PSI {large}");
        Assert.True(same < small && small < large);
    }

    [Fact]
    public void Few_values_are_bins_of_their_own_and_an_unseen_value_or_a_missing_one_counts_as_drift()
    {
        // A flag: 30 % ones in the reference.
        var reference = Enumerable.Range(0, 1_000).Select(i => i % 10 < 3 ? 1f : 0f).ToArray();
        var psi = PopulationStability.Fit(reference);

        Assert.Equal(0, psi.Index(reference), 12);
        Assert.Equal(0.3, psi.ReferenceMean!.Value, 12);

        // 60 % ones: (0.6 − 0.3) ln 2 + (0.4 − 0.7) ln(4/7).
        var moved = Enumerable.Range(0, 1_000).Select(i => i % 10 < 6 ? 1f : 0f).ToArray();
        Assert.Equal(0.3 * Math.Log(2) - 0.3 * Math.Log(4.0 / 7), psi.Index(moved), 9);

        // Half the rows take a value the reference never held, or go missing: both land in bins the reference left empty.
        var unseen = reference.Select((v, i) => i % 2 == 0 ? 7f : v).ToArray();
        var missing = reference.Select((v, i) => i % 2 == 0 ? float.NaN : v).ToArray();
        Assert.True(psi.Index(unseen) > 1, $"{psi.Index(unseen)}");
        Assert.True(psi.Index(missing) > 1, $"{psi.Index(missing)}");
    }

    [Fact]
    public void The_reference_missing_share_is_kept_and_an_all_missing_reference_has_no_mean()
    {
        var psi = PopulationStability.Fit([float.NaN, float.NaN, 1f, 2f]);
        Assert.Equal(0.5, psi.ReferenceMissing);
        Assert.Equal(1.5, psi.ReferenceMean);

        var empty = PopulationStability.Fit([float.NaN, float.NaN]);
        Assert.Null(empty.ReferenceMean);
        Assert.Equal(0, empty.Index([float.NaN]), 12);
        Assert.True(empty.Index([3f]) > 1);
    }
}
