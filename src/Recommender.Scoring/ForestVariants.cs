using System.Buffers;

namespace Recommender.Scoring;

/// <summary>
/// Scores many feature vectors that share every value but a few, fixed, "varying" features: for one user at one
/// instant, the candidate messages (whose own features vary) with and without the send. The shared part of the work
/// is done once per call (see <c>QuickScorer.Variants</c>), which makes twenty candidates cost a fraction of twenty
/// <see cref="CompiledForest.Score"/> calls. Immutable and thread-safe: create one per forest and varying set.
/// </summary>
/// <remarks>
/// Scores equal <see cref="CompiledForest.Score"/> of the assembled vector up to the order of the double additions
/// (a difference of the order of 1e-7 in the float score at most); the same inputs always give the same scores.
/// Forests the QuickScorer cannot take (categorical splits, more than 64 leaves a tree) are scored row by row.
/// </remarks>
public sealed class ForestVariants
{
    private readonly CompiledForest _forest;
    private readonly int[] _varying;
    private readonly QuickScorer.VariantPlan? _plan;

    public ForestVariants(CompiledForest forest, ReadOnlySpan<int> varyingFeatures)
    {
        ArgumentNullException.ThrowIfNull(forest);
        var seen = new HashSet<int>();
        foreach (var f in varyingFeatures)
        {
            if (f < 0 || f >= forest.FeatureCount)
            {
                throw new ArgumentOutOfRangeException(nameof(varyingFeatures), f, $"A varying feature must be in [0, {forest.FeatureCount}).");
            }

            if (!seen.Add(f))
            {
                throw new ArgumentException($"Varying feature {f} is listed twice.", nameof(varyingFeatures));
            }
        }

        _forest = forest;
        _varying = varyingFeatures.ToArray();
        _plan = forest.QuickScorer?.PlanVariants(varyingFeatures);
    }

    public CompiledForest Forest => _forest;

    /// <summary>The varying features, in the order <see cref="Score"/> takes their values.</summary>
    public ReadOnlySpan<int> VaryingFeatures => _varying;

    /// <summary>Trees whose exit leaf depends on a varying feature: the per-row work.</summary>
    public int DynamicTreeCount => _plan?.DynamicTrees.Length ?? _forest.TreeCount;

    /// <summary>
    /// Raw scores of <paramref name="scores"/>.Length rows: row r is <paramref name="shared"/> (a full feature vector
    /// whose varying positions are ignored) with the varying features set to
    /// <paramref name="values"/>[r × <see cref="VaryingFeatures"/>.Length ..], in <see cref="VaryingFeatures"/> order.
    /// </summary>
    public void Score(ReadOnlySpan<float> shared, ReadOnlySpan<float> values, Span<float> scores)
    {
        if (shared.Length != _forest.FeatureCount)
        {
            throw new ArgumentException($"Expected a shared feature vector of {_forest.FeatureCount} values, found {shared.Length}.", nameof(shared));
        }

        if (values.Length != scores.Length * (long)_varying.Length)
        {
            throw new ArgumentException(
                $"Expected {scores.Length} rows of {_varying.Length} varying values ({scores.Length * (long)_varying.Length}), found {values.Length}.", nameof(values));
        }

        if (_plan is not null)
        {
            _forest.QuickScorer!.SumVariants(_plan, shared, values, _forest.Bias, scores);
            return;
        }

        var row = ArrayPool<float>.Shared.Rent(shared.Length);
        try
        {
            var vector = row.AsSpan(0, shared.Length);
            shared.CopyTo(vector);
            for (var r = 0; r < scores.Length; r++)
            {
                for (var j = 0; j < _varying.Length; j++)
                {
                    vector[_varying[j]] = values[r * _varying.Length + j];
                }

                scores[r] = _forest.Score(vector);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }
}
