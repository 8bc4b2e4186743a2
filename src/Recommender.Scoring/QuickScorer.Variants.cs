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

        /// <summary>Global indices of the dynamic trees: those that do not split on the last varying feature, then those that do, each ascending.</summary>
        public required int[] DynamicTrees { get; init; }

        /// <summary>Whether a tree is static (its leaf does not depend on the varying features).</summary>
        public required bool[] Static { get; init; }

        /// <summary>Per varying feature (in the caller's order), its entries with the tree as a dynamic-tree index.</summary>
        public required int[] Starts { get; init; }

        public required Entry[] Entries { get; init; }

        public required int[] NanStarts { get; init; }

        public required Entry[] NanEntries { get; init; }

        /// <summary>
        /// The varying features (positions in the caller's order) that have any split in this forest: the others cost
        /// nothing per row. A catalog's message one-hots mostly have none in a given model.
        /// </summary>
        public required int[] Active { get; init; }

        /// <summary>The features that are not varying and have any split in this forest: the shared part's work.</summary>
        public required int[] SharedFeatures { get; init; }

        /// <summary>Leaf block start of each dynamic tree: one load instead of two per tree and row.</summary>
        public required int[] DynamicLeafStarts { get; init; }

        /// <summary>Dynamic trees that split on the last varying feature (the pair's): the last this many.</summary>
        public required int PairCount { get; init; }

        /// <summary>The last varying feature's entries, with the tree counted from the first pair tree.</summary>
        public required Entry[] PairEntries { get; init; }

        public required Entry[] PairNanEntries { get; init; }
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

        // Trees that split on the last varying feature (a pair's treatment input) come last, so that a pair shares
        // one pass over the others and finishes only these twice, from one contiguous block.
        var pairFeature = varyingFeatures.Length > 0 ? varyingFeatures[^1] : -1;
        var splitsOnPair = new bool[trees];
        if (pairFeature >= 0)
        {
            foreach (var e in _entries.AsSpan(_featureStarts[pairFeature], _featureStarts[pairFeature + 1] - _featureStarts[pairFeature]))
                splitsOnPair[e.Tree] = true;
        }

        var dynamicTrees = Enumerable.Range(0, trees).Where(t => !isStatic[t] && !splitsOnPair[t])
            .Concat(Enumerable.Range(0, trees).Where(t => splitsOnPair[t])).ToArray();
        var pairCount = splitsOnPair.Count(x => x);
        var local = new int[trees];
        var pairLocal = new int[trees];
        for (int d = 0; d < dynamicTrees.Length; d++)
        {
            local[dynamicTrees[d]] = d;
            pairLocal[dynamicTrees[d]] = d - (dynamicTrees.Length - pairCount);
        }

        ReadOnlySpan<int> pairOnly = pairFeature >= 0 ? [pairFeature] : [];
        return new VariantPlan
        {
            Varying = varying,
            VaryingCount = varyingFeatures.Length,
            DynamicTrees = dynamicTrees,
            Static = isStatic,
            Starts = LocalStarts(varyingFeatures, _featureStarts),
            Active = ActiveFeatures(varyingFeatures, _featureStarts, _nanStarts),
            SharedFeatures = Enumerable.Range(0, features)
                .Where(f => !varying[f] && (_featureStarts[f + 1] > _featureStarts[f] || _nanStarts[f + 1] > _nanStarts[f])).ToArray(),
            Entries = LocalEntries(varyingFeatures, _featureStarts, _entries, local),
            NanStarts = LocalStarts(varyingFeatures, _nanStarts),
            NanEntries = LocalEntries(varyingFeatures, _nanStarts, _nanEntries, local),
            DynamicLeafStarts = dynamicTrees.Select(t => _leafStarts[t]).ToArray(),
            PairCount = pairCount,
            PairEntries = LocalEntries(pairOnly, _featureStarts, _entries, pairLocal),
            PairNanEntries = LocalEntries(pairOnly, _nanStarts, _nanEntries, pairLocal),
        };
    }

    /// <summary>
    /// Sums for <paramref name="scores"/>.Length rows: <paramref name="shared"/> with, for row r, the plan's varying
    /// features set to <paramref name="values"/>[r × VaryingCount ..] in the plan's order. Adds <paramref name="bias"/>.
    /// </summary>
    // Every buffer word is written before it is read (SharedPart fills the sets, the copies fill the rest): zeroing the
    // stack buffer first, a few KB per forest and decision, would be wasted.
    [SkipLocalsInit]
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
        double staticSum = SharedPart(plan, shared, sets, dynamicShared);
        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref Entry localEntries = ref MemoryMarshal.GetArrayDataReference(plan.Entries);
        ref Entry localNanEntries = ref MemoryMarshal.GetArrayDataReference(plan.NanEntries);
        ref ulong dynamicRef = ref MemoryMarshal.GetReference(dynamicSets);
        int m = plan.VaryingCount;
        for (int r = 0; r < scores.Length; r++)
        {
            dynamicShared.CopyTo(dynamicSets);
            var row = values.Slice(r * m, m);
            foreach (int j in plan.Active)
            {
                if (j < m)
                    ApplyFalseNodes(ref dynamicRef, ref localEntries, ref localNanEntries, plan.Starts[j], plan.Starts[j + 1], plan.NanStarts[j], plan.NanStarts[j + 1], row[j]);
            }

            double sum = staticSum + SumLeaves(ref leaves, ref MemoryMarshal.GetArrayDataReference(plan.DynamicLeafStarts), ref dynamicRef, dynamicCount);
            scores[r] = (float)(sum + bias);
        }

        if (rented is not null)
            ArrayPool<ulong>.Shared.Return(rented);
    }

    /// <summary>
    /// Like <see cref="SumVariants"/> for rows in pairs that differ only in the plan's last varying feature (the
    /// treatment): row r takes the other varying values from <paramref name="values"/>[r × (VaryingCount − 1) ..] and
    /// the last one as <paramref name="first"/> into <paramref name="firstScores"/>, as <paramref name="second"/> into
    /// <paramref name="secondScores"/>. Trees that do not split on the pair's feature are finished once per pair.
    /// </summary>
    [SkipLocalsInit]
    public void SumVariantPairs(
        VariantPlan plan, ReadOnlySpan<float> shared, ReadOnlySpan<float> values, float first, float second, double bias,
        Span<float> firstScores, Span<float> secondScores)
    {
        int trees = _leafStarts.Length;
        int dynamicCount = plan.DynamicTrees.Length;
        int pairCount = plan.PairCount;
        int pairStart = dynamicCount - pairCount;
        int size = trees + 2 * dynamicCount + pairCount;
        ulong[]? rented = null;
        Span<ulong> buffer = size <= MaxStackTrees ? stackalloc ulong[size] : (rented = ArrayPool<ulong>.Shared.Rent(size)).AsSpan(0, size);
        var sets = buffer[..trees];
        var dynamicShared = buffer.Slice(trees, dynamicCount);
        var dynamicSets = buffer.Slice(trees + dynamicCount, dynamicCount);
        var firstSets = dynamicSets[pairStart..];
        var secondSets = buffer.Slice(trees + 2 * dynamicCount, pairCount);
        double staticSum = SharedPart(plan, shared, sets, dynamicShared);

        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref int leafStarts = ref MemoryMarshal.GetArrayDataReference(plan.DynamicLeafStarts);
        ref Entry localEntries = ref MemoryMarshal.GetArrayDataReference(plan.Entries);
        ref Entry localNanEntries = ref MemoryMarshal.GetArrayDataReference(plan.NanEntries);
        ref Entry pairEntries = ref MemoryMarshal.GetArrayDataReference(plan.PairEntries);
        ref Entry pairNanEntries = ref MemoryMarshal.GetArrayDataReference(plan.PairNanEntries);
        ref ulong dynamicRef = ref MemoryMarshal.GetReference(dynamicSets);
        ref ulong firstRef = ref MemoryMarshal.GetReference(firstSets);
        ref ulong secondRef = ref MemoryMarshal.GetReference(secondSets);
        int m = plan.VaryingCount - 1;
        for (int r = 0; r < firstScores.Length; r++)
        {
            dynamicShared.CopyTo(dynamicSets);
            var row = values.Slice(r * m, m);
            foreach (int j in plan.Active)
            {
                if (j < m)
                    ApplyFalseNodes(ref dynamicRef, ref localEntries, ref localNanEntries, plan.Starts[j], plan.Starts[j + 1], plan.NanStarts[j], plan.NanStarts[j + 1], row[j]);
            }

            double common = staticSum + SumLeaves(ref leaves, ref leafStarts, ref dynamicRef, pairStart);

            firstSets.CopyTo(secondSets);
            ApplyFalseNodes(ref firstRef, ref pairEntries, ref pairNanEntries, 0, plan.PairEntries.Length, 0, plan.PairNanEntries.Length, first);
            ApplyFalseNodes(ref secondRef, ref pairEntries, ref pairNanEntries, 0, plan.PairEntries.Length, 0, plan.PairNanEntries.Length, second);
            double sumFirst = common, sumSecond = common;
            for (int p = 0; p < pairCount; p++)
            {
                int leafStart = Unsafe.Add(ref leafStarts, pairStart + p);
                sumFirst += Unsafe.Add(ref leaves, leafStart + BitOperations.TrailingZeroCount(Unsafe.Add(ref firstRef, p)));
                sumSecond += Unsafe.Add(ref leaves, leafStart + BitOperations.TrailingZeroCount(Unsafe.Add(ref secondRef, p)));
            }

            firstScores[r] = (float)(sumFirst + bias);
            secondScores[r] = (float)(sumSecond + bias);
        }

        if (rented is not null)
            ArrayPool<ulong>.Shared.Return(rented);
    }

    /// <summary>Applies the shared features' false nodes; returns the static trees' sum and the dynamic trees' sets.</summary>
    private double SharedPart(VariantPlan plan, ReadOnlySpan<float> shared, Span<ulong> sets, Span<ulong> dynamicShared)
    {
        sets.Fill(ulong.MaxValue);
        ref Entry entries = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref Entry nanEntries = ref MemoryMarshal.GetArrayDataReference(_nanEntries);
        ref ulong setsRef = ref MemoryMarshal.GetReference(sets);
        foreach (int f in plan.SharedFeatures)
            ApplyFalseNodes(ref setsRef, ref entries, ref nanEntries, _featureStarts[f], _featureStarts[f + 1], _nanStarts[f], _nanStarts[f + 1], shared[f]);

        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        double staticSum = 0;
        for (int t = 0; t < sets.Length; t++)
        {
            if (plan.Static[t])
                staticSum += Unsafe.Add(ref leaves, _leafStarts[t] + BitOperations.TrailingZeroCount(sets[t]));
        }

        for (int d = 0; d < dynamicShared.Length; d++)
            dynamicShared[d] = sets[plan.DynamicTrees[d]];
        return staticSum;
    }

    /// <summary>
    /// Σ over trees t &lt; <paramref name="count"/> of the exit leaf's output, in four interleaved partial sums: one
    /// chain of dependent double additions would make the loop wait on the adder's latency, not on the loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumLeaves(ref double leaves, ref int leafStarts, ref ulong sets, int count)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = 0;
        for (; d + 4 <= count; d += 4)
        {
            s0 += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, d) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, d)));
            s1 += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, d + 1) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, d + 1)));
            s2 += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, d + 2) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, d + 2)));
            s3 += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, d + 3) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, d + 3)));
        }

        for (; d < count; d++)
            s0 += Unsafe.Add(ref leaves, Unsafe.Add(ref leafStarts, d) + BitOperations.TrailingZeroCount(Unsafe.Add(ref sets, d)));
        return (s0 + s1) + (s2 + s3);
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

    private static int[] ActiveFeatures(ReadOnlySpan<int> varyingFeatures, int[] starts, int[] nanStarts)
    {
        var active = new List<int>();
        for (int j = 0; j < varyingFeatures.Length; j++)
        {
            int f = varyingFeatures[j];
            if (starts[f + 1] > starts[f] || nanStarts[f + 1] > nanStarts[f])
                active.Add(j);
        }

        return [.. active];
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
