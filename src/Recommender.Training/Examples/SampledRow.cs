namespace Recommender.Training.Examples;

/// <summary>What <see cref="NegativeSampler"/> does with a row.</summary>
internal enum SampledRow
{
    /// <summary>Kept with weight 1: a positive, a calibration user's row, or one that may be validated on.</summary>
    Kept,

    /// <summary>Kept by the draw: weighs <c>1 / rate</c> in the fit.</summary>
    Weighted,

    /// <summary>Left out of the table.</summary>
    Dropped,
}
