using System.Text.Json.Nodes;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Models.Metrics;

namespace Recommender.Models.Manifest;

/// <summary>
/// <c>manifest.json</c> of a model bundle: what the models are, what they were trained on and how good they are.
/// Serving checks <see cref="FeatureSchemaHash"/> against its own schema before it scores anything.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>The layout this code writes and reads; a bundle of another version is refused.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The input the models take after the schema's features: 1 for a send, 0 for "send nothing".</summary>
    public const string TreatmentInput = "is_treatment";

    public required int FormatVersion { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Informational version of the training code (with the commit when the build knows it).</summary>
    public required string CodeVersion { get; init; }

    /// <summary><see cref="FeatureSchema.Hash"/> of the schema the models were trained on.</summary>
    public required string FeatureSchemaHash { get; init; }

    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>What, besides the catalog, rebuilds the schema: serving passes these to <see cref="FeatureSchema.Create"/>.</summary>
    public required FeatureSchemaOptions FeatureSchemaOptions { get; init; }

    /// <summary>What both models read, in order: <see cref="FeatureNames"/> then <see cref="TreatmentInput"/>.</summary>
    public required IReadOnlyList<string> ModelInputs { get; init; }

    public required TrainingWindow TrainingWindow { get; init; }

    /// <summary>SHA-256 over the names and bytes of the input files; see <c>DataFingerprint</c>.</summary>
    public required string DataFingerprint { get; init; }

    public required BundleData Data { get; init; }

    public required BundleMetrics Metrics { get; init; }

    public required BundleModels Models { get; init; }

    /// <summary>
    /// The options the models were trained with, as <c>recommender train</c> wrote them (its <c>TrainingOptions</c>).
    /// Kept as JSON: reading and scoring a bundle never interprets them, so serving needs no training code.
    /// </summary>
    public required JsonObject Parameters { get; init; }

    /// <summary>
    /// The API's decision log trained on beside the data folder (<c>train --decision-log</c>): its fingerprint, its
    /// decisions and the control rows they gave; absent when there was none (<see cref="Data"/> counts those rows too).
    /// </summary>
    public DecisionLogInput? DecisionLog { get; init; }
}

/// <summary>How much data went in.</summary>
/// <param name="Oracle">Whether the folder had an <c>oracle.parquet</c> (synthetic data), giving <c>oracle_auc</c>.</param>
public sealed record BundleData(long Users, long Events, long TreatmentRows, long ControlRows, bool Oracle);

/// <summary>
/// Validation metrics of the goal models (sends and control decisions, each in its own arm), the fatigue model, and
/// of the uplift they give.
/// </summary>
public sealed record BundleMetrics(ModelMetrics Propensity, ModelMetrics Fatigue, UpliftMetrics Uplift);

/// <summary>The files and row counts of the models.</summary>
/// <param name="Propensity">P(goal | send); also P(goal | send nothing) through its treatment input when there is no control model.</param>
/// <param name="Control">P(goal | send nothing), learnt on control decisions only; null for a one-model bundle (<c>UpliftMethod.TreatmentInput</c>).</param>
public sealed record BundleModels(BundleModel Propensity, BundleModel Fatigue, BundleModel? Control = null);

/// <summary>
/// One model's files (relative to the bundle folder) and the rows it was fitted and calibrated on.
/// </summary>
/// <param name="Forest">The compiled trees (<c>CompiledForest</c> binary format): what serving scores with.</param>
/// <param name="Calibration">JSON: the method and the parameters that map a raw score to the served probability.</param>
/// <param name="MlNet">
/// The same trees as an ML.NET LightGBM transformer, loadable with <c>MLContext.Model.Load</c>: the reference scorer
/// whose <c>Score</c> column the forest reproduces. Its <c>Probability</c> column is LightGBM's in-sample sigmoid,
/// not the served probability.
/// </param>
/// <param name="Trees">Trees in the ensemble.</param>
public sealed record BundleModel(
    string Forest,
    string Calibration,
    string MlNet,
    int Trees,
    long FitRows,
    long FitPositives,
    long CalibrationRows,
    long CalibrationPositives);
