namespace Recommender.Evaluation.Monitoring;

/// <summary>
/// The population stability index of one feature: how far its distribution over a window's decisions has moved from
/// its distribution over the reference decisions. PSI = Σ (w − r) · ln(w / r) over bins fixed on the reference, with
/// <c>r</c> and <c>w</c> the reference's and the window's shares of each bin.
/// </summary>
/// <remarks>
/// Bins: one per value when the reference holds at most <see cref="MaxCategories"/> distinct values (flags, counts,
/// categorical codes), else the reference's deciles; a bin for values the reference never held and a bin for missing
/// values (NaN) either way, so that a feature going missing counts as drift too. Empty bins are floored at
/// <see cref="Floor"/>: a share of 0 would make the logarithm infinite. With n rows in the window and k bins, PSI
/// carries a positive bias of about (k − 1)/n under no drift: small windows are not judged (see
/// <see cref="MonitorOptions.MinimumRows"/>).
/// </remarks>
internal sealed class PopulationStability
{
    public const int MaxCategories = 10;
    public const double Floor = 1e-4;

    private readonly double[] _edges;
    private readonly double[]? _categories;
    private readonly double[] _referenceShares;

    private PopulationStability(double[] edges, double[]? categories, double[] referenceShares, double? referenceMean, double referenceMissing)
    {
        _edges = edges;
        _categories = categories;
        _referenceShares = referenceShares;
        ReferenceMean = referenceMean;
        ReferenceMissing = referenceMissing;
    }

    /// <summary>Mean of the reference's present values; null when every value is missing.</summary>
    public double? ReferenceMean { get; }

    /// <summary>Share of reference rows with the value missing.</summary>
    public double ReferenceMissing { get; }

    /// <summary>Bins fixed on <paramref name="reference"/> (at least one value).</summary>
    public static PopulationStability Fit(IReadOnlyList<float> reference)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reference.Count);
        var present = reference.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
        var distinct = present.Distinct().ToArray();
        double[] edges = [];
        double[]? categories = null;
        if (distinct.Length <= MaxCategories)
        {
            categories = distinct;
        }
        else
        {
            // Decile edges; repeated edges (a value covering several deciles) collapse into one bin.
            edges = [.. Enumerable.Range(1, 9).Select(d => present[(int)((long)d * (present.Length - 1) / 10)]).Distinct()];
        }

        var fitted = new PopulationStability(edges, categories, [], null, 0);
        var shares = fitted.Shares(reference);
        return new PopulationStability(
            edges, categories, shares, present.Length == 0 ? null : present.Average(), (double)(reference.Count - present.Length) / reference.Count);
    }

    /// <summary>PSI of <paramref name="window"/> (at least one value) against the reference.</summary>
    public double Index(IReadOnlyList<float> window)
    {
        var shares = Shares(window);
        var psi = 0.0;
        for (var b = 0; b < shares.Length; b++)
        {
            var r = Math.Max(_referenceShares[b], Floor);
            var w = Math.Max(shares[b], Floor);
            psi += (w - r) * Math.Log(w / r);
        }

        return psi;
    }

    /// <summary>Bins: the value bins, then "not seen in the reference" (categories only), then missing.</summary>
    private double[] Shares(IReadOnlyList<float> values)
    {
        var valueBins = _categories is null ? _edges.Length + 1 : _categories.Length + 1;
        var counts = new double[valueBins + 1];
        foreach (var v in values)
        {
            counts[Bin(v, valueBins)]++;
        }

        for (var b = 0; b < counts.Length; b++)
        {
            counts[b] /= values.Count;
        }

        return counts;
    }

    private int Bin(float value, int valueBins)
    {
        if (float.IsNaN(value))
        {
            return valueBins;
        }

        if (_categories is not null)
        {
            var i = Array.BinarySearch(_categories, (double)value);
            return i >= 0 ? i : _categories.Length;
        }

        // Upper edges are inclusive: bin b holds (edge[b−1], edge[b]].
        var j = Array.BinarySearch(_edges, (double)value);
        return j >= 0 ? j : ~j;
    }
}
