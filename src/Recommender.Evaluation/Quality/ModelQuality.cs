using Recommender.Core.Catalog;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Oracle;
using Recommender.Models;
using Recommender.Models.Metrics;
using Recommender.Training.Bundles;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Quality;

/// <summary>Everything the report shows about one model on its validation rows.</summary>
internal sealed record ModelQuality(
    ModelMetrics Metrics,
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<GainPoint> Gain,
    IReadOnlyList<SegmentRow> Segments,
    IReadOnlyList<FeatureImportance> Importance)
{
    /// <summary>Both models of <paramref name="bundle"/>, measured on <paramref name="set"/> (built with the bundle's schema).</summary>
    /// <param name="oracle">The world's true probabilities by decision id (<c>oracle.parquet</c>), or null.</param>
    public static (ModelQuality Propensity, ModelQuality Fatigue) Analyze(
        ModelBundle bundle, ValidationSet set, IReadOnlyDictionary<string, UserProfile> profiles, MessageCatalog catalog,
        IReadOnlyDictionary<string, OracleRow>? oracle, EvaluationOptions options, CancellationToken ct)
    {
        var propensity = ScoredRows.Propensity(bundle, set);
        var fatigue = ScoredRows.Fatigue(bundle, set);
        return (
            Of(propensity, set, profiles, catalog, oracle is null ? null : r => Truth(oracle, set, r)?.Goal, options, ct),
            Of(fatigue, set, profiles, catalog, oracle is null ? null : r => Truth(oracle, set, r)?.Unsubscribe, options, ct));
    }

    private static ModelQuality Of(
        ScoredRows scored, ValidationSet set, IReadOnlyDictionary<string, UserProfile> profiles, MessageCatalog catalog,
        Func<int, double?>? oracle, EvaluationOptions options, CancellationToken ct)
    {
        var metrics = BinaryMetrics.Compute(scored.Probabilities, scored.Labels);
        var truth = oracle is null ? null : scored.Rows.Select(oracle).ToArray();

        // As in training: an oracle that misses some rows would be measured on other rows than the model, so none.
        var oracleMetrics = truth is not null && truth.All(p => p is not null)
            ? BinaryMetrics.Compute(truth.Select(p => p!.Value).ToArray(), scored.Labels)
            : null;
        return new ModelQuality(
            ModelMetrics.From(metrics, oracleMetrics),
            ReliabilityDiagram.Bins(scored.Probabilities, scored.Labels),
            GainCurve.Compute(scored.Probabilities, scored.Labels),
            SegmentTable.Compute(scored, set, profiles, catalog),
            PermutationImportance.Compute(scored, set, options.ImportanceRows, options.ImportanceTop, options.Seed, ct));
    }

    /// <summary>The truth for a row: P(its goal label) in its own arm, and P(unsubscribe | send); the same reading as training's.</summary>
    private static (double Goal, double Unsubscribe)? Truth(IReadOnlyDictionary<string, OracleRow> oracle, ValidationSet set, int row) =>
        set.DecisionIds[row] is { } id && oracle.TryGetValue(id, out var t)
            ? (set.IsTreatment[row] ? t.GoalIfSent : t.GoalIfNotSent, t.Unsubscribe)
            : null;
}
