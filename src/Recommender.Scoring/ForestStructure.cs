namespace Recommender.Scoring;

/// <summary>
/// The invariants that make unchecked scoring safe: every index in range, each node and leaf used exactly once,
/// and every child stored after its parent (so a walk always ends at a leaf).
/// </summary>
internal static class ForestStructure
{
    public static string? FindError(
        int featureCount, double bias, int[] roots, ForestNode[] nodes, double[] leaves, CategoricalSplit[] splits, int[] slots)
    {
        if (featureCount < 1 || featureCount > ForestNode.IndexMask)
            return $"feature count {featureCount} is outside 1..{ForestNode.IndexMask}";
        if (!double.IsFinite(bias))
            return $"bias {bias} is not a finite number";
        if (leaves.Length != nodes.Length + roots.Length)
        {
            return $"{roots.Length} binary trees with {nodes.Length} split nodes must have {nodes.Length + roots.Length} " +
                   $"leaves, found {leaves.Length}";
        }

        var seen = new bool[nodes.Length + leaves.Length];
        for (int t = 0; t < roots.Length; t++)
        {
            var error = CheckReference(roots[t], parent: -1, nodes.Length, leaves.Length, seen, $"tree {t}'s root");
            if (error is not null)
                return error;
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            var error = CheckNode(i, nodes[i], featureCount, splits.Length, nodes.Length, leaves.Length, seen);
            if (error is not null)
                return error;
        }

        for (int i = 0; i < leaves.Length; i++)
        {
            if (!double.IsFinite(leaves[i]))
                return $"leaf {i} has the value {leaves[i]}, expected a finite number";
        }

        for (int i = 0; i < splits.Length; i++)
        {
            var (start, count) = (splits[i].Start, splits[i].Count);
            if (start < 0 || count < 1 || start > slots.Length - count)
                return $"categorical split {i} covers slots [{start}, {start}+{count}) outside the {slots.Length} stored";
        }

        for (int i = 0; i < slots.Length; i++)
        {
            if ((uint)slots[i] >= (uint)featureCount)
                return $"categorical slot {i} refers to feature {slots[i]}, expected 0..{featureCount - 1}";
        }

        return null;
    }

    private static string? CheckNode(
        int index, ForestNode node, int featureCount, int splitCount, int nodeCount, int leafCount, bool[] seen)
    {
        if ((node.Packed & ~(ForestNode.KnownFlags | ForestNode.IndexMask)) != 0)
            return $"node {index} has unknown flag bits 0x{node.Packed:X8}";
        if (node.IsCategorical && node.Index >= splitCount)
            return $"node {index} refers to categorical split {node.Index}, but only {splitCount} are stored";
        if (!node.IsCategorical && node.Index >= featureCount)
            return $"node {index} splits on feature {node.Index}, expected 0..{featureCount - 1}";
        if (!node.IsCategorical && float.IsNaN(node.Threshold))
            return $"node {index} has a NaN threshold";

        return CheckReference(node.Left, index, nodeCount, leafCount, seen, $"node {index}'s left child")
               ?? CheckReference(node.Right, index, nodeCount, leafCount, seen, $"node {index}'s right child");
    }

    private static string? CheckReference(int reference, int parent, int nodeCount, int leafCount, bool[] seen, string what)
    {
        int slot;
        if (reference >= 0)
        {
            if (reference <= parent || reference >= nodeCount)
                return $"{what} is node {reference}, expected a node in {parent + 1}..{nodeCount - 1}";
            slot = reference;
        }
        else
        {
            int leaf = ~reference;
            if (leaf >= leafCount)
                return $"{what} is leaf {leaf}, expected a leaf in 0..{leafCount - 1}";
            slot = nodeCount + leaf;
        }

        if (seen[slot])
            return $"{what} is {(reference >= 0 ? "node " + reference : "leaf " + ~reference)}, which another parent already uses";
        seen[slot] = true;
        return null;
    }
}
