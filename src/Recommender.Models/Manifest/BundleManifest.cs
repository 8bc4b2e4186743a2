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
    public const int CurrentFormatVersion = 3;

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

    /// <summary>Where the bundle's P(goal | send nothing) comes from, if anywhere (<see cref="BundleUplift"/>).</summary>
    public required BundleUplift Uplift { get; init; }

    /// <summary>
    /// The P(unsubscribe | send) the decision rule uses for every candidate when the bundle has no fatigue model (the log
    /// had too few opt-outs to learn one); null when <see cref="BundleModels.Fatigue"/> is there.
    /// </summary>
    public double? FatiguePrior { get; init; }

    /// <summary>Why the bundle has no fatigue model, in the words <c>train</c> printed; null when it has one.</summary>
    public string? FatigueNote { get; init; }

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

    /// <summary>
    /// Whether the fits saw every row or a weighted sample of the rows with no positive label (<see cref="BundleNegativeSampling"/>);
    /// absent in bundles written before sampling existed, which all saw every row.
    /// </summary>
    public BundleNegativeSampling? NegativeSampling { get; init; }

    /// <summary>
    /// With the time and channel features (<see cref="FeatureSchemaOptions.TimeAndChannel"/>): how many users' clocks
    /// they could read. Absent without them.
    /// </summary>
    public BundleTimeFeatures? TimeFeatures { get; init; }
}

/// <summary>
/// The time features' fallback, stated: a user whose profile names no time zone (or who has no profile) has the hours
/// and weekdays of the time features read in UTC, as quiet hours are.
/// </summary>
/// <param name="Users">Users with rows among the training examples.</param>
/// <param name="UsersWithoutZone">Of those, the users whose profile names no zone, neither undated nor in a dated value, or who have none.</param>
/// <param name="Note">What that means, in the words <c>train</c> printed.</param>
public sealed record BundleTimeFeatures(long Users, long UsersWithoutZone, string Note);

/// <summary>
/// The negative sample the models were fitted on. At <see cref="Rate"/> 1 every row was kept. Below 1, the fitting rows
/// with no positive label were kept with probability <see cref="Rate"/> by a seeded hash of the user and the decision
/// time, each kept one weighing 1 / rate; positives, calibration users' rows and validation rows were all kept, so the
/// calibration and the metrics are measured on every row.
/// </summary>
/// <param name="Rate">Share of the negatives kept; 1 when nothing was sampled.</param>
/// <param name="Chosen">How the rate was set: <c>auto</c> (by the events table's size) or <c>option</c> (given to <c>train</c>).</param>
/// <param name="DrawnRows">Rows with no positive label that the draw applied to.</param>
/// <param name="KeptRows">Of <see cref="DrawnRows"/>, the rows kept, each weighing 1 / rate.</param>
/// <param name="Note">Why, in the words <c>train</c> printed.</param>
public sealed record BundleNegativeSampling(double Rate, string Chosen, long DrawnRows, long KeptRows, string Note);

/// <summary>
/// What identified P(goal | send nothing) in the log the bundle learnt from. <see cref="Source"/> is one of
/// <see cref="UpliftSources"/>: randomised hold-outs, messages eligible but not chosen at logged decisions, or nothing
/// (response mode: the bundle ranks by P(goal | send), and the uplift the decision rule uses is that probability).
/// </summary>
/// <param name="ControlRows">Hold-out rows (<c>decision_no_send</c>) among the examples.</param>
/// <param name="NotChosenRows">Eligible-but-not-chosen rows among the examples (0 unless <see cref="Source"/> is <c>not_chosen</c>).</param>
/// <param name="Propensities">
/// How the rows were weighted: <c>logged</c> (every weight from the log's own propensities), <c>estimated</c> (some from a
/// model of the logging policy), or null when the rows were not weighted.
/// </param>
/// <param name="Note">Why this source was taken, in words the output and the report repeat.</param>
public sealed record BundleUplift(string Source, long ControlRows, long NotChosenRows, string? Propensities, string Note);

/// <summary>How much data went in.</summary>
/// <param name="Oracle">Whether the folder had an <c>oracle.parquet</c> (synthetic data), giving <c>oracle_auc</c>.</param>
public sealed record BundleData(long Users, long Events, long TreatmentRows, long ControlRows, bool Oracle);

/// <summary>
/// Validation metrics of the goal models (sends and control decisions, each in its own arm), the fatigue model, and
/// of the uplift they give.
/// </summary>
/// <param name="Uplift">
/// Null in response mode (<see cref="UpliftSources.None"/>): the goal model never saw a row without a send, so its
/// two arms answer alike, and a mean uplift of exactly 0 would read as "messages do nothing" when the log cannot tell.
/// </param>
public sealed record BundleMetrics(ModelMetrics Propensity, ModelMetrics Fatigue, UpliftMetrics? Uplift);

/// <summary>The files and row counts of the models.</summary>
/// <param name="Propensity">P(goal | send); also P(goal | send nothing) through its treatment input when there is no control model.</param>
/// <param name="Fatigue">P(unsubscribe or complaint | send); null when the log had too few opt-outs (see <see cref="BundleManifest.FatiguePrior"/>).</param>
/// <param name="Control">P(goal | send nothing), learnt on control decisions only; null for a one-model bundle (<c>UpliftMethod.TreatmentInput</c>).</param>
public sealed record BundleModels(BundleModel Propensity, BundleModel? Fatigue, BundleModel? Control = null);

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
