using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Scoring;

/// <summary>
/// A tree ensemble flattened into contiguous arrays and scored without allocation: the raw (uncalibrated) score
/// of a LightGBM binary model, equal to ML.NET's <c>Score</c> column for the same feature vector.
/// </summary>
/// <remarks>
/// Split semantics are ML.NET's <c>RegressionTree</c>: a numerical node sends <c>x &lt;= threshold</c> to the left
/// child; a NaN goes where ML.NET's per-node missing-value default sends it (decided once at compile time); a
/// categorical node goes right when any of its one-hot slots is &gt; 0. Tree outputs are summed in double in tree
/// order and rounded to float once, as ML.NET does, so scores match bit for bit.
/// Instances are immutable and safe to share across threads.
/// </remarks>
public sealed class CompiledForest
{
    private readonly ForestNode[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly CategoricalSplit[] _splits;
    private readonly int[] _slots;
    private readonly QuickScorer? _quickScorer;

    internal CompiledForest(
        int featureCount, double bias, int[] roots, ForestNode[] nodes, double[] leaves, CategoricalSplit[] splits, int[] slots)
    {
        // Scoring skips bounds checks, so every instance must pass the same structural checks a loaded file does.
        var error = ForestStructure.FindError(featureCount, bias, roots, nodes, leaves, splits, slots);
        if (error is not null)
            throw new InvalidOperationException($"Invalid compiled forest: {error}");

        FeatureCount = featureCount;
        Bias = bias;
        _roots = roots;
        _nodes = nodes;
        _leaves = leaves;
        _splits = splits;
        _slots = slots;
        _quickScorer = QuickScorer.TryCreate(featureCount, roots, nodes, leaves);
    }

    /// <summary>Length every feature vector must have (the model's feature-vector size).</summary>
    public int FeatureCount { get; }

    /// <summary>Constant added to the sum of tree outputs (0 for ML.NET's LightGBM models).</summary>
    public double Bias { get; }

    public int TreeCount => _roots.Length;

    /// <summary>Number of internal (split) nodes over all trees.</summary>
    public int NodeCount => _nodes.Length;

    public int LeafCount => _leaves.Length;

    internal QuickScorer? QuickScorer => _quickScorer;

    internal ReadOnlySpan<int> Roots => _roots;

    internal ReadOnlySpan<ForestNode> Nodes => _nodes;

    internal ReadOnlySpan<double> Leaves => _leaves;

    internal ReadOnlySpan<CategoricalSplit> Splits => _splits;

    internal ReadOnlySpan<int> Slots => _slots;

    /// <summary>Raw score of one feature vector of exactly <see cref="FeatureCount"/> values.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException(
                $"Expected a feature vector of {FeatureCount} values, found {features.Length}.", nameof(features));
        }

        return (float)Sum(features);
    }

    /// <summary>
    /// Raw scores of many rows stored one after another (row-major) in <paramref name="rows"/>; writes one score per
    /// row into <paramref name="scores"/>.
    /// </summary>
    public void ScoreBatch(ReadOnlySpan<float> rows, Span<float> scores)
    {
        if (rows.Length != scores.Length * (long)FeatureCount)
        {
            throw new ArgumentException(
                $"Expected {scores.Length} rows of {FeatureCount} features ({scores.Length * (long)FeatureCount} values), " +
                $"found {rows.Length} values.",
                nameof(rows));
        }

        int done = 0;
        int block = QuickScorer.BlockRows;
        if (_quickScorer is not null && block > 0)
        {
            Span<double> sums = stackalloc double[block];
            for (; done + block <= scores.Length; done += block)
            {
                _quickScorer.SumBlock(rows.Slice(done * FeatureCount, block * FeatureCount), FeatureCount, sums);
                for (int r = 0; r < block; r++)
                    scores[done + r] = (float)(sums[r] + Bias);
            }
        }

        for (; done < scores.Length; done++)
            scores[done] = (float)Sum(rows.Slice(done * FeatureCount, FeatureCount));
    }

    /// <summary>Writes the versioned binary format described in <c>ForestFormat</c>.</summary>
    public void Save(Stream stream) => ForestFormat.Write(this, stream);

    /// <summary>
    /// Reads a forest written by <see cref="Save"/>, reading exactly its bytes from the stream. Refuses a wrong magic,
    /// an unknown version, a truncated or corrupt file with a <see cref="ForestFormatException"/>.
    /// </summary>
    public static CompiledForest Load(Stream stream) => ForestFormat.Read(stream);

    private double Sum(ReadOnlySpan<float> x) =>
        (_quickScorer is not null ? _quickScorer.Sum(x) : WalkEachTree(ref MemoryMarshal.GetReference(x))) + Bias;

    // The general walk, one tree after another; also the reference the QuickScorer path is tested against.
    // Callers guarantee that x refers to FeatureCount readable floats; the constructor guarantees every index in
    // the arrays is in range and every child comes after its parent, so the loops terminate without bounds checks.
    internal double WalkEachTree(ref float x)
    {
        ref ForestNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        double sum = 0;
        foreach (int root in _roots)
        {
            int node = root;
            while (node >= 0)
            {
                ref ForestNode n = ref Unsafe.Add(ref nodes, node);
                int packed = n.Packed;
                bool left;
                if ((packed & ForestNode.Categorical) == 0)
                {
                    float value = Unsafe.Add(ref x, packed & ForestNode.IndexMask);
                    left = value <= n.Threshold || ((packed & ForestNode.NanGoesLeft) != 0 && float.IsNaN(value));
                }
                else
                {
                    left = !AnySlotHot(ref x, packed & ForestNode.IndexMask);
                }

                node = left ? n.Left : n.Right;
            }

            sum += Unsafe.Add(ref leaves, ~node);
        }

        return sum;
    }

    // ML.NET tests "value > 0" for each slot; a NaN slot therefore never counts as hot.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AnySlotHot(ref float x, int splitIndex)
    {
        var split = _splits[splitIndex];
        ref int slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), split.Start);
        for (int i = 0; i < split.Count; i++)
        {
            if (Unsafe.Add(ref x, Unsafe.Add(ref slot, i)) > 0f)
                return true;
        }

        return false;
    }
}
