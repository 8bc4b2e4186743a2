using System.Text.Json.Serialization;

namespace Recommender.Models.Metrics;

/// <summary>
/// A model's metrics on its validation rows, as the bundle manifest stores them (undefined values are null, as
/// JSON has no NaN, and written as null: they are required, so a manifest that omitted them could not be read back). <see cref="Oracle"/> holds the same metrics for the simulated world's true probabilities on
/// the same rows and labels: the ceiling any model of that data could reach.
/// </summary>
public sealed record ModelMetrics
{
    public required long Rows { get; init; }

    public required long Positives { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? BaseRate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? Auc { get; init; }

    /// <summary>Average precision; see <see cref="ClassificationMetrics.AveragePrecision"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? PrAuc { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? LogLoss { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? Brier { get; init; }

    /// <summary>Ten equal-width bins; see <see cref="ClassificationMetrics.ExpectedCalibrationError"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? Ece { get; init; }

    /// <summary><see cref="Oracle"/>'s AUC, at the top level for quick comparison; null without an oracle.</summary>
    public double? OracleAuc { get; init; }

    public ModelMetrics? Oracle { get; init; }

    public static ModelMetrics From(BinaryMetrics metrics, BinaryMetrics? oracle = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Plain(metrics) with
        {
            OracleAuc = oracle is null ? null : Finite(oracle.Auc),
            Oracle = oracle is null ? null : Plain(oracle),
        };
    }

    private static ModelMetrics Plain(BinaryMetrics m) => new()
    {
        Rows = m.Rows,
        Positives = m.Positives,
        BaseRate = Finite(m.BaseRate),
        Auc = Finite(m.Auc),
        PrAuc = Finite(m.PrAuc),
        LogLoss = Finite(m.LogLoss),
        Brier = Finite(m.Brier),
        Ece = Finite(m.Ece),
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
