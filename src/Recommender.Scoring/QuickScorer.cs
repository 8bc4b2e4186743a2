using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Scoring;

/// <summary>
/// The fast path for forests of numerical splits with at most 64 leaves per tree: QuickScorer (C. Lucchese et al.,
/// "QuickScorer: a fast algorithm to rank documents with additive ensembles of regression trees", SIGIR 2015).
/// </summary>
/// <remarks>
/// Instead of walking each tree, which stalls on a hard-to-predict branch at every level, it visits the splits
/// feature by feature in threshold order. Every split the row does not pass to the left ("false" node) clears the
/// leaves of its left subtree from its tree's 64-bit leaf set; the exit leaf is then the leftmost leaf still set.
/// The only data-dependent branch is the end of each feature's scan. Leaves are numbered left to right within a
/// tree (the builder's pre-order does this), and tree outputs are added in tree order, so the sum is bit-identical
/// to the plain walk's.
/// </remarks>
internal sealed partial class QuickScorer
{
    public const int MaxLeavesPerTree = 64;

    // Beyond this, the per-row leaf sets would no longer fit comfortably on the stack.
    private const int MaxStackTrees = 4096;

    private readonly int[] _featureStarts;
    private readonly Entry[] _entries;
    private readonly int[] _nanStarts;
    private readonly Entry[] _nanEntries;
    private readonly int[] _leafStarts;
    private readonly double[] _leaves;

    private QuickScorer(int[] featureStarts, Entry[] entries, int[] nanStarts, Entry[] nanEntries, int[] leafStarts, double[] leaves)
    {
        _featureStarts = featureStarts;
        _entries = entries;
        _nanStarts = nanStarts;
        _nanEntries = nanEntries;
        _leafStarts = leafStarts;
        _leaves = leaves;
    }

    public static QuickScorer? TryCreate(int featureCount, ReadOnlySpan<int> roots, ReadOnlySpan<ForestNode> nodes, double[] leaves)
    {
        foreach (var node in nodes)
        {
            if (node.IsCategorical)
                return null;
        }

        var entries = new List<(int Feature, Entry Entry)>();
        var nanEntries = new List<(int Feature, Entry Entry)>();
        var leafStarts = new int[roots.Length];
        for (int t = 0; t < roots.Length; t++)
        {
            // Pre-order numbering puts a tree's leaves in one contiguous, left-to-right block starting at its
            // leftmost leaf; a node's left subtree covers the leaves from its own leftmost one up to its right child's.
            int first = LeftmostLeaf(nodes, roots[t]);
            int count = RightmostLeaf(nodes, roots[t]) - first + 1;
            if (count > MaxLeavesPerTree)
                return null;
            leafStarts[t] = first;
            if (roots[t] >= 0)
                AddSplits(nodes, roots[t], t, first, entries, nanEntries);
        }

        var (starts, sorted) = GroupByFeature(featureCount, entries);
        var (nanStarts, nanSorted) = GroupByFeature(featureCount, nanEntries);
        return new QuickScorer(starts, sorted, nanStarts, nanSorted, leafStarts, leaves);
    }

    /// <summary>Sum of the tree outputs for the row that <paramref name="x"/> refers to (validated by the caller).</summary>
    public double Sum(ReadOnlySpan<float> x)
    {
        int trees = _leafStarts.Length;
        ulong[]? rented = null;
        Span<ulong> leafSets = trees <= MaxStackTrees
            ? stackalloc ulong[trees]
            : (rented = ArrayPool<ulong>.Shared.Rent(trees)).AsSpan(0, trees);
        leafSets.Fill(ulong.MaxValue);
        ref ulong sets = ref MemoryMarshal.GetReference(leafSets);

        ref Entry entries = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref Entry nanEntries = ref MemoryMarshal.GetArrayDataReference(_nanEntries);
        ref int starts = ref MemoryMarshal.GetArrayDataReference(_featureStarts);
        ref int nanStarts = ref MemoryMarshal.GetArrayDataReference(_nanStarts);
        for (int f = 0; f < x.Length; f++)
        {
            float value = x[f];
            if (float.IsNaN(value))
            {
                // A NaN passes no "<=" test: the splits whose default sends it right are all false.
                int end = Unsafe.Add(ref nanStarts, f + 1);
                for (int k = Unsafe.Add(ref nanStarts, f); k < end; k++)
                {
                    ref Entry e = ref Unsafe.Add(ref nanEntries, k);
                    Unsafe.Add(ref sets, e.Tree) &= e.Mask;
                }
            }
            else
            {
                // Splits with threshold < value send the row right; they come first in threshold order.
                int end = Unsafe.Add(ref starts, f + 1);
                for (int k = Unsafe.Add(ref starts, f); k < end; k++)
                {
                    ref Entry e = ref Unsafe.Add(ref entries, k);
                    if (!(e.Threshold < value))
                        break;
                    Unsafe.Add(ref sets, e.Tree) &= e.Mask;
                }
            }
        }

        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref int leafStarts = ref MemoryMarshal.GetArrayDataReference(_leafStarts);
        double sum = 0;
        for (int t = 0; t < trees; t++)
            sum += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, t) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, t)));

        if (rented is not null)
            ArrayPool<ulong>.Shared.Return(rented);
        return sum;
    }

    private static void AddSplits(
        ReadOnlySpan<ForestNode> nodes, int root, int tree, int firstLeaf,
        List<(int Feature, Entry Entry)> entries, List<(int Feature, Entry Entry)> nanEntries)
    {
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            int index = pending.Pop();
            var node = nodes[index];
            int leftFirst = LeftmostLeaf(nodes, node.Left) - firstLeaf;
            int leftCount = RightmostLeaf(nodes, node.Left) - firstLeaf - leftFirst + 1;
            ulong leftLeaves = (leftCount == 64 ? ulong.MaxValue : (1UL << leftCount) - 1) << leftFirst;
            var entry = new Entry(node.Threshold, tree, ~leftLeaves);
            entries.Add((node.Index, entry));
            if (!node.IsNanLeft)
                nanEntries.Add((node.Index, entry));
            if (node.Right >= 0)
                pending.Push(node.Right);
            if (node.Left >= 0)
                pending.Push(node.Left);
        }
    }

    private static (int[] Starts, Entry[] Sorted) GroupByFeature(int featureCount, List<(int Feature, Entry Entry)> entries)
    {
        // Stable sort on (feature, threshold): ties keep tree order, so the layout is deterministic.
        var sorted = entries.Select((e, i) => (e.Feature, e.Entry, i))
            .OrderBy(e => e.Feature).ThenBy(e => e.Entry.Threshold).ThenBy(e => e.i).ToArray();
        var starts = new int[featureCount + 1];
        foreach (var e in sorted)
            starts[e.Feature + 1]++;
        for (int f = 0; f < featureCount; f++)
            starts[f + 1] += starts[f];
        return (starts, sorted.Select(e => e.Entry).ToArray());
    }

    private static int LeftmostLeaf(ReadOnlySpan<ForestNode> nodes, int reference)
    {
        while (reference >= 0)
            reference = nodes[reference].Left;
        return ~reference;
    }

    private static int RightmostLeaf(ReadOnlySpan<ForestNode> nodes, int reference)
    {
        while (reference >= 0)
            reference = nodes[reference].Right;
        return ~reference;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct Entry(float Threshold, int Tree, ulong Mask);
}
