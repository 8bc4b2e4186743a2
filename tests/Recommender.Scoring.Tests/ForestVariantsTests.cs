namespace Recommender.Scoring.Tests;

/// <summary>
/// Scoring many rows that share all but a few features against scoring each assembled row: the same scores (up to
/// the order of the double additions), whatever features vary, including missing values and threshold values.
/// </summary>
public sealed class ForestVariantsTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    public static TheoryData<int[]> VaryingSets => new()
    {
        { [0] },
        { [3, 1, 17] },
        { [5, 6, 7, 8, 9, 10, 11, 12, 13, 14] },
        { Enumerable.Range(0, 40).ToArray() },
        { [] },
    };

    [Theory]
    [MemberData(nameof(VaryingSets))]
    public void Each_variant_scores_like_its_assembled_row(int[] varying)
    {
        var forest = fixture.Forest;
        var variants = new ForestVariants(forest, varying);
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 400, seed: 21);
        const int perCall = 20;
        for (int start = 0; start + perCall < rows.Count; start += perCall)
        {
            var shared = rows[start];
            var values = new float[perCall * varying.Length];
            for (int r = 0; r < perCall; r++)
            {
                for (int j = 0; j < varying.Length; j++)
                    values[r * varying.Length + j] = rows[start + 1 + r][varying[j]];
            }

            var scores = new float[perCall];
            variants.Score(shared, values, scores);

            for (int r = 0; r < perCall; r++)
            {
                var assembled = (float[])shared.Clone();
                for (int j = 0; j < varying.Length; j++)
                    assembled[varying[j]] = values[r * varying.Length + j];
                Assert.Equal(forest.Score(assembled), scores[r], 5e-6f);
            }
        }
    }

    [Fact]
    public void Only_trees_that_split_on_a_varying_feature_are_left_for_each_row()
    {
        var forest = fixture.Forest;
        var usedFeatures = forest.Nodes.ToArray().Select(n => n.Index).ToHashSet();
        var unused = Enumerable.Range(0, forest.FeatureCount).Where(f => !usedFeatures.Contains(f)).ToArray();

        Assert.Equal(0, new ForestVariants(forest, unused).DynamicTreeCount);
        Assert.Equal(forest.TreeCount, new ForestVariants(forest, Enumerable.Range(0, forest.FeatureCount).ToArray()).DynamicTreeCount);
        var oneFeature = new ForestVariants(forest, [forest.Nodes[0].Index]).DynamicTreeCount;
        Assert.InRange(oneFeature, 1, forest.TreeCount);
    }

    [Fact]
    public void The_same_call_gives_the_same_scores()
    {
        var variants = new ForestVariants(fixture.Forest, [2, 4]);
        var shared = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 1, seed: 5)[0];
        float[] values = [0.1f, float.NaN, -3f, 7f, 0.5f, 0.5f];
        var (first, second) = (new float[3], new float[3]);

        variants.Score(shared, values, first);
        variants.Score(shared, values, second);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(new[] { -1 }, "must be in [0, 40)")]
    [InlineData(new[] { 40 }, "must be in [0, 40)")]
    [InlineData(new[] { 3, 3 }, "listed twice")]
    public void Bad_varying_features_are_refused(int[] varying, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new ForestVariants(fixture.Forest, varying));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Values_that_do_not_fill_whole_rows_are_refused()
    {
        var variants = new ForestVariants(fixture.Forest, [1, 2]);
        var e = Assert.Throws<ArgumentException>(() => variants.Score(new float[40], new float[5], new float[3]));
        Assert.Contains("Expected 3 rows of 2 varying values (6), found 5", e.Message);
    }
}
