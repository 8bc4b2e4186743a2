namespace Recommender.Scoring.Tests;

/// <summary>Input row of the ML.NET pipelines; the vector size is set per model through a schema definition.</summary>
public sealed class FeatureRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}

/// <summary>ML.NET's binary-classification output columns.</summary>
public sealed class ScoredRow
{
    public float Score { get; set; }

    public float Probability { get; set; }
}
