using Microsoft.ML.Trainers.FastTree;

namespace Recommender.Scoring;

/// <summary>
/// Lays ML.NET trees out one after another, each in depth-first pre-order: a node's left child directly follows
/// it (the likelier next cache line) and every child comes after its parent, as <see cref="ForestStructure"/> requires.
/// The layout depends only on the trees, so the same model always compiles to the same bytes.
/// </summary>
internal sealed class ForestBuilder(int featureCount)
{
    private readonly List<int> _roots = [];
    private readonly List<ForestNode> _nodes = [];
    private readonly List<double> _leaves = [];
    private readonly List<CategoricalSplit> _splits = [];
    private readonly List<int> _slots = [];

    public void AddTree(RegressionTree tree, int treeIndex)
    {
        ArgumentNullException.ThrowIfNull(tree);

        // ML.NET returns 0 for a tree that never split (LightGBM's constant trees with a non-zero value are
        // converted to two equal leaves before they get here).
        if (tree.NumberOfLeaves < 2)
        {
            _roots.Add(~_leaves.Count);
            _leaves.Add(0);
            return;
        }

        var defaults = MlNetMissingValueDefaults.Read(tree);

        // Pre-order walk over ML.NET references (node ≥ 0, leaf = ~index). Each new node is appended with
        // placeholder children, patched once the children have their new indices.
        var newIndex = new Dictionary<int, int>();
        var pending = new Stack<(int Reference, int Parent, bool IsLeft)>();
        pending.Push((0, -1, false));
        while (pending.Count > 0)
        {
            var (reference, parent, isLeft) = pending.Pop();
            int compiled;
            if (reference < 0)
            {
                compiled = ~_leaves.Count;
                _leaves.Add(tree.LeafValues[~reference]);
            }
            else
            {
                compiled = _nodes.Count;
                newIndex.Add(reference, compiled);
                _nodes.Add(CompileNode(tree, reference, defaults, treeIndex));
                pending.Push((tree.RightChild[reference], compiled, false));
                pending.Push((tree.LeftChild[reference], compiled, true));
            }

            if (parent < 0)
                _roots.Add(compiled);
            else
                _nodes[parent] = isLeft ? _nodes[parent] with { Left = compiled } : _nodes[parent] with { Right = compiled };
        }

        if (newIndex.Count != tree.NumberOfNodes)
        {
            throw new InvalidOperationException(
                $"Tree {treeIndex} reaches {newIndex.Count} of its {tree.NumberOfNodes} nodes from the root.");
        }
    }

    public CompiledForest Build() =>
        new(featureCount, 0, [.. _roots], [.. _nodes], [.. _leaves], [.. _splits], [.. _slots]);

    private ForestNode CompileNode(RegressionTree tree, int node, float[]? defaults, int treeIndex)
    {
        if (tree.CategoricalSplitFlags[node])
        {
            // A NaN slot never counts as hot in ML.NET (its default is 0, or NaN > 0 fails), so no NaN flag.
            var slots = tree.GetCategoricalSplitFeaturesAt(node);
            foreach (int slot in slots)
                CheckFeature(slot, treeIndex, node);
            _splits.Add(new CategoricalSplit(_slots.Count, slots.Count));
            _slots.AddRange(slots);
            return ForestNode.CategoricalSplit(_splits.Count - 1, left: 0, right: 0);
        }

        int feature = tree.NumericalSplitFeatureIndexes[node];
        CheckFeature(feature, treeIndex, node);
        float threshold = tree.NumericalSplitThresholds[node];

        // Decide once what ML.NET decides per row: NaN becomes defaults[node], or stays NaN and fails "<=".
        bool nanGoesLeft = defaults is not null && defaults[node] <= threshold;
        return ForestNode.Numerical(feature, threshold, nanGoesLeft, left: 0, right: 0);
    }

    private void CheckFeature(int feature, int treeIndex, int node)
    {
        if ((uint)feature >= (uint)featureCount)
        {
            throw new InvalidOperationException(
                $"Tree {treeIndex}, node {node} splits on feature {feature}, but the model has {featureCount} features.");
        }
    }
}
