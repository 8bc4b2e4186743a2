namespace Recommender.Scoring;

/// <summary>
/// Lays trained trees (<see cref="TreeDefinition"/>) out one after another, each in depth-first pre-order: a node's left child directly follows
/// it (the likelier next cache line) and every child comes after its parent, as <see cref="ForestStructure"/> requires.
/// The layout depends only on the trees, so the same model always compiles to the same bytes.
/// </summary>
public sealed class ForestBuilder(int featureCount)
{
    private readonly List<int> _roots = [];
    private readonly List<ForestNode> _nodes = [];
    private readonly List<double> _leaves = [];
    private readonly List<CategoricalSplit> _splits = [];
    private readonly List<int> _slots = [];

    public void AddTree(TreeDefinition tree, int treeIndex)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Splits.Count == 0)
        {
            _roots.Add(~_leaves.Count);
            _leaves.Add(tree.LeafValues[0]);
            return;
        }

        if (tree.LeftChild.Count != tree.Splits.Count || tree.RightChild.Count != tree.Splits.Count)
        {
            throw new ArgumentException(
                $"Tree {treeIndex} has {tree.Splits.Count} splits but {tree.LeftChild.Count} left and {tree.RightChild.Count} right children.", nameof(tree));
        }

        // Pre-order walk over the trainer's references (node ≥ 0, leaf = ~index). Each new node is appended with
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
                _nodes.Add(CompileNode(tree.Splits[reference], reference, treeIndex));
                pending.Push((tree.RightChild[reference], compiled, false));
                pending.Push((tree.LeftChild[reference], compiled, true));
            }

            if (parent < 0)
                _roots.Add(compiled);
            else
                _nodes[parent] = isLeft ? _nodes[parent] with { Left = compiled } : _nodes[parent] with { Right = compiled };
        }

        if (newIndex.Count != tree.Splits.Count)
        {
            throw new InvalidOperationException(
                $"Tree {treeIndex} reaches {newIndex.Count} of its {tree.Splits.Count} nodes from the root.");
        }
    }

    public CompiledForest Build() =>
        new(featureCount, 0, [.. _roots], [.. _nodes], [.. _leaves], [.. _splits], [.. _slots]);

    private ForestNode CompileNode(SplitDefinition split, int node, int treeIndex)
    {
        if (split.Slots is { } slots)
        {
            foreach (int slot in slots)
                CheckFeature(slot, treeIndex, node);
            _splits.Add(new CategoricalSplit(_slots.Count, slots.Count));
            _slots.AddRange(slots);
            return ForestNode.CategoricalSplit(_splits.Count - 1, left: 0, right: 0);
        }

        CheckFeature(split.Feature, treeIndex, node);
        return ForestNode.Numerical(split.Feature, split.Threshold, split.NanGoesLeft, left: 0, right: 0);
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
