namespace Recommender.Models;

/// <summary>How a model's raw scores are mapped to probabilities on held-out rows.</summary>
public enum CalibrationMethod
{
    /// <summary>A logistic curve on the raw score (two parameters): smooth, and stable with few positives.</summary>
    Platt,

    /// <summary>A monotone step function (pool adjacent violators): no shape assumed, needs more rows.</summary>
    Isotonic,
}
