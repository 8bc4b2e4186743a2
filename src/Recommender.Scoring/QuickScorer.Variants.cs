using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Scoring;

/// <summary>
/// QuickScorer for many rows that differ only in a few features: the candidates of one user at one instant, which
/// share every user feature and differ in the message's own features and the treatment input.
/// </summary>
/// <remarks>
/// A tree's exit leaf is the leftmost leaf left after AND-ing the masks of all its false nodes, and AND is
/// commutative: the masks of the shared features can be applied once for all rows. Trees with no split on a varying
/// feature then have the same exit leaf for every row; their outputs are summed once. Per row, only the trees that
/// split on a varying feature ("dynamic" trees) are finished, from a copy of their shared leaf sets. The sum is the
/// static trees' total plus the dynamic trees' outputs in tree order, so it can differ from <see cref="Sum"/>'s strict
/// tree order in the last bits of the double (before the rounding to float); it is deterministic all the same.
/// </remarks>
internal sealed partial class QuickScorer
{
    /// <summary>The precomputed layout for one set of varying features. Immutable; shared across threads.</summary>
    internal sealed class VariantPlan
    {
        public required bool[] Varying { get; init; }

        public required int VaryingCount { get; init; }

        /// <summary>Global indices of the dynamic trees, ascending.</summary>
        public required int[] DynamicTrees { get; init; }

        /// <summary>Whether a tree is static (its leaf does not depend on the varying features).</summary>
        public required bool[] Static { get; init; }

        /// <summary>Per varying feature (in the caller's order), its entries with the tree as a dynamic-tree index.</summary>
        public required int[] Starts { get; init; }

        public required Entry[] Entries { get; init; }

        public required int[] NanStarts { get; init; }

        public required Entry[] NanEntries { get; init; }
    }

    public VariantPlan PlanVariants(ReadOnlySpan<int> varyingFeatures)
    {
        int trees = _leafStarts.Length;
        int features = _featureStarts.Length - 1;
        var varying = new bool[features];
        var isStatic = new bool[trees];
        Array.Fill(isStatic, true);
        foreach (int f in varyingFeatures)
        {
            varying[f] = true;
            foreach (var e in _entries.AsSpan(_featureStarts[f], _featureStarts[f + 1] - _featureStarts[f]))
                isStatic[e.Tree] = false;
        }

        var dynamicTrees = Enumerable.Range(0, trees).Where(t => !isStatic[t]).ToArray();
        var local = new int[trees];
        for (int d = 0; d < dynamicTrees.Length; d++)
            local[dynamicTrees[d]] = d;

        return new VariantPlan
        {
            Varying = varying,
            VaryingCount = varyingFeatures.Length,
            DynamicTrees = dynamicTrees,
            Static = isStatic,
            Starts = LocalStarts(varyingFeatures, _featureStarts),
            Entries = LocalEntries(varyingFeatures, _featureStarts, _entries, local),
            NanStarts = LocalStarts(varyingFeatures, _nanStarts),
            NanEntries = LocalEntries(varyingFeatures, _nanStarts, _nanEntries, local),
        };
    }

    /// <summary>
    /// Sums for <paramref name="scores"/>.Length rows: <paramref name="shared"/> with, for row r, the plan's varying
    /// features set to <paramref name="values"/>[r × VaryingCount ..] in the plan's order. Adds <paramref name="bias"/>.
    /// </summary>
    public void SumVariants(VariantPlan plan, ReadOnlySpan<float> shared, ReadOnlySpan<float> values, double bias, Span<float> scores)
    {
        int trees = _leafStarts.Length;
        int dynamicCount = plan.DynamicTrees.Length;
        ulong[]? rented = null;
        Span<ulong> buffer = trees + 2 * dynamicCount <= MaxStackTrees
            ? stackalloc ulong[trees + 2 * dynamicCount]
            : (rented = ArrayPool<ulong>.Shared.Rent(trees + 2 * dynamicCount)).AsSpan(0, trees + 2 * dynamicCount);
        var sets = buffer[..trees];
        var dynamicShared = buffer.Slice(trees, dynamicCount);
        var dynamicSets = buffer.Slice(trees + dynamicCount, dynamicCount);
        sets.Fill(ulong.MaxValue);

        ref Entry entries = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref Entry nanEntries = ref MemoryMarshal.GetArrayDataReference(_nanEntries);
        ref ulong setsRef = ref MemoryMarshal.GetReference(sets);
        for (int f = 0; f < shared.Length; f++)
        {
            if (!plan.Varying[f])
                ApplyFalseNodes(ref setsRef, ref entries, ref nanEntries, _featureStarts[f], _featureStarts[f + 1], _nanStarts[f], _nanStarts[f + 1], shared[f]);
        }

        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        double staticSum = 0;
        for (int t = 0; t < trees; t++)
        {
            if (plan.Static[t])
                staticSum += Unsafe.Add(ref leaves, _leafStarts[t] + BitOperations.TrailingZeroCount(sets[t]));
        }

        for (int d = 0; d < dynamicCount; d++)
            dynamicShared[d] = sets[plan.DynamicTrees[d]];

        ref Entry localEntries = ref MemoryMarshal.GetArrayDataReference(plan.Entries);
        ref Entry localNanEntries = ref MemoryMarshal.GetArrayDataReference(plan.NanEntries);
        ref ulong dynamicRef = ref MemoryMarshal.GetReference(dynamicSets);
        int m = plan.VaryingCount;
        for (int r = 0; r < scores.Length; r++)
        {
            dynamicShared.CopyTo(dynamicSets);
            var row = values.Slice(r * m, m);
            for (int j = 0; j < m; j++)
                ApplyFalseNodes(ref dynamicRef, ref localEntries, ref localNanEntries, plan.Starts[j], plan.Starts[j + 1], plan.NanStarts[j], plan.NanStarts[j + 1], row[j]);

            double sum = staticSum;
            for (int d = 0; d < dynamicCount; d++)
                sum += Unsafe.Add(ref leaves, _leafStarts[plan.DynamicTrees[d]] + BitOperations.TrailingZeroCount(dynamicSets[d]));
            scores[r] = (float)(sum + bias);
        }

        if (rented is not null)
            ArrayPool<ulong>.Shared.Return(rented);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ApplyFalseNodes(ref ulong sets, ref Entry entries, ref Entry nanEntries, int start, int end, int nanStart, int nanEnd, float value)
    {
        if (float.IsNaN(value))
        {
            for (int k = nanStart; k < nanEnd; k++)
            {
                ref Entry e = ref Unsafe.Add(ref nanEntries, k);
                Unsafe.Add(ref sets, e.Tree) &= e.Mask;
            }

            return;
        }

        for (int k = start; k < end; k++)
        {
            ref Entry e = ref Unsafe.Add(ref entries, k);
            if (!(e.Threshold < value))
                break;
            Unsafe.Add(ref sets, e.Tree) &= e.Mask;
        }
    }

    private static int[] LocalStarts(ReadOnlySpan<int> varyingFeatures, int[] starts)
    {
        var local = new int[varyingFeatures.Length + 1];
        for (int j = 0; j < varyingFeatures.Length; j++)
            local[j + 1] = local[j] + starts[varyingFeatures[j] + 1] - starts[varyingFeatures[j]];
        return local;
    }

    private static Entry[] LocalEntries(ReadOnlySpan<int> varyingFeatures, int[] starts, Entry[] entries, int[] localTree)
    {
        var result = new List<Entry>();
        foreach (int f in varyingFeatures)
        {
            foreach (var e in entries.AsSpan(starts[f], starts[f + 1] - starts[f]))
                result.Add(e with { Tree = localTree[e.Tree] });
        }

        return [.. result];
    }
}
