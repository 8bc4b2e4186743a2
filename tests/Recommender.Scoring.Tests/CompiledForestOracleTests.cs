using System.Runtime.InteropServices;
using Recommender.Training.Compilation;

namespace Recommender.Scoring.Tests;

/// <summary>The compiled forest against its oracle, ML.NET's own PredictionEngine on the same model.</summary>
public sealed class CompiledForestOracleTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    private const int RowCount = 10_000;

    [Fact]
    public void Model_under_test_has_a_few_hundred_leaves_and_both_missing_value_directions()
    {
        var forest = fixture.Forest;
        var numerical = forest.Nodes.ToArray().Where(n => !n.IsCategorical).ToArray();

        Assert.Equal(30, forest.TreeCount);
        Assert.InRange(forest.LeafCount, 200, 400);
        Assert.Contains(numerical, n => n.IsNanLeft);
        Assert.Contains(numerical, n => !n.IsNanLeft);
        Assert.Contains(numerical, n => n.IsNanLeft && n.Index >= SyntheticData.FeaturesWithMissingValues);
    }

    [Fact]
    public void Raw_scores_equal_MlNet_scores_on_ordinary_missing_extreme_and_threshold_rows()
    {
        var engine = fixture.Trained.CreateEngine();
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, RowCount, seed: 11);

        int identical = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            float expected = engine.Predict(new FeatureRow { Features = rows[i] }).Score;
            float actual = fixture.Forest.Score(rows[i]);
            Assert.True(
                Math.Abs(expected - actual) <= 1e-5,
                $"Row {i} [{string.Join(", ", rows[i])}]: ML.NET scored {expected:R}, the compiled forest {actual:R}.");
            identical += expected == actual ? 1 : 0;
        }

        // Same summation order and precision as ML.NET: not just close, identical.
        Assert.Equal(rows.Count, identical);
    }

    [Fact]
    public void Probabilities_from_the_extracted_Platt_parameters_equal_MlNet_probabilities()
    {
        var engine = fixture.Trained.CreateEngine();
        var platt = ForestCompiler.ExtractCalibration(fixture.Trained.Model);
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 2_000, seed: 12);

        foreach (var row in rows)
        {
            float expected = engine.Predict(new FeatureRow { Features = row }).Probability;
            Assert.Equal(expected, platt.Probability(fixture.Forest.Score(row)), 1e-6f);
        }
    }

    [Fact]
    public void QuickScorer_and_the_plain_tree_walk_give_identical_scores()
    {
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 2_000, seed: 14);

        Assert.All(rows, row => Assert.Equal(
            fixture.Forest.Score(row), (float)fixture.Forest.WalkEachTree(ref MemoryMarshal.GetArrayDataReference(row))));
    }

    [Fact]
    public void ScoreBatch_gives_the_same_scores_as_Score_row_by_row()
    {
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 500, seed: 13);
        var flat = rows.SelectMany(r => r).ToArray();
        var scores = new float[rows.Count];

        fixture.Forest.ScoreBatch(flat, scores);

        Assert.Equal(rows.Select(r => fixture.Forest.Score(r)), scores);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    [InlineData(41)]
    public void Score_refuses_a_vector_of_the_wrong_length_naming_both_lengths(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Forest.Score(new float[length]));

        Assert.Equal("features", error.ParamName);
        Assert.StartsWith($"Expected a feature vector of 40 values, found {length}.", error.Message);
    }

    [Fact]
    public void ScoreBatch_refuses_rows_that_do_not_fill_the_score_span()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Forest.ScoreBatch(new float[81], new float[2]));

        Assert.StartsWith("Expected 2 rows of 40 features (80 values), found 81 values.", error.Message);
    }
}
