namespace Recommender.Scoring.Tests;

/// <summary>ML.NET's split rules on hand-built forests, where the expected leaf is known without an oracle.</summary>
public sealed class SplitSemanticsTests
{
    private const double Left = 1, Right = 2;

    [Theory]
    [InlineData(0.5f, Left)]
    [InlineData(0.49999997f, Left)]
    [InlineData(0.50000006f, Right)]
    [InlineData(float.NegativeInfinity, Left)]
    [InlineData(float.PositiveInfinity, Right)]
    [InlineData(float.NaN, Right)]
    public void Numerical_node_sends_values_at_or_below_the_threshold_left_and_NaN_right_by_default(float x, double expected)
    {
        var forest = OneSplit(nanGoesLeft: false);

        Assert.Equal(expected, forest.Score([x]));
    }

    [Theory]
    [InlineData(float.NaN, Left)]
    [InlineData(0.50000006f, Right)]
    [InlineData(0.5f, Left)]
    public void Numerical_node_flagged_NaN_left_sends_NaN_left_and_other_values_as_usual(float x, double expected)
    {
        var forest = OneSplit(nanGoesLeft: true);

        Assert.Equal(expected, forest.Score([x]));
    }

    [Theory]
    [InlineData(0f, 0f, 0f, Left)]
    [InlineData(0f, 1f, 0f, Right)]
    [InlineData(1f, 0f, 0f, Left)]
    [InlineData(0f, 0f, 0.001f, Right)]
    [InlineData(0f, -1f, float.NaN, Left)]
    [InlineData(0f, float.PositiveInfinity, 0f, Right)]
    public void Categorical_node_goes_right_when_any_of_its_slots_is_above_zero(float x0, float x1, float x2, double expected)
    {
        var forest = new CompiledForest(
            featureCount: 3, bias: 0, roots: [0], nodes: [ForestNode.CategoricalSplit(0, ~0, ~1)], leaves: [Left, Right],
            splits: [new CategoricalSplit(0, 2)], slots: [1, 2]);

        Assert.Equal(expected, forest.Score([x0, x1, x2]));
    }

    [Fact]
    public void Trees_are_summed_and_a_single_leaf_tree_adds_its_constant()
    {
        var forest = new CompiledForest(
            featureCount: 2, bias: 0, roots: [0, ~2, 1],
            nodes: [ForestNode.Numerical(0, 0f, false, ~0, ~1), ForestNode.Numerical(1, 0f, false, ~3, ~4)],
            leaves: [10, 20, 0.5, 100, 200], splits: [], slots: []);

        Assert.Equal(10 + 0.5 + 200, forest.Score([-1f, 1f]));
    }

    [Fact]
    public void Constructor_refuses_a_child_stored_before_its_parent_because_scoring_relies_on_it_to_terminate()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CompiledForest(
            featureCount: 1, bias: 0, roots: [0],
            nodes: [ForestNode.Numerical(0, 0f, false, 1, ~0), ForestNode.Numerical(0, 0f, false, 0, ~1)],
            leaves: [1, 2, 3], splits: [], slots: []));

        Assert.Equal("Invalid compiled forest: node 1's left child is node 0, expected a node in 2..1", error.Message);
    }

    private static CompiledForest OneSplit(bool nanGoesLeft) => new(
        featureCount: 1, bias: 0, roots: [0], nodes: [ForestNode.Numerical(0, 0.5f, nanGoesLeft, ~0, ~1)],
        leaves: [Left, Right], splits: [], slots: []);
}
