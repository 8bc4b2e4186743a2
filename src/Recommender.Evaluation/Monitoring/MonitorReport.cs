using Recommender.Evaluation.Incrementality;
using Recommender.Evaluation.Report;
using Recommender.Models.Manifest;

namespace Recommender.Evaluation.Monitoring;

/// <summary><c>monitor.json</c>: the live model over time windows, with what needs attention and a verdict in words.</summary>
internal sealed record MonitorReport
{
    public string Format { get; init; } = "recommender-monitor/1";

    public required MonitorVerdict Verdict { get; init; }

    /// <summary>Fallbacks and gaps the reader must know to read the figures (codes as in the evaluation report).</summary>
    public required IReadOnlyList<ReportWarning> Notices { get; init; }

    public required MonitorSetup Setup { get; init; }

    public required IReadOnlyList<MonitorWindow> Windows { get; init; }
}

/// <summary>The plain-language verdict: <c>attention</c>, <c>healthy</c> or <c>undetermined</c> (no window could be judged).</summary>
internal sealed record MonitorVerdict(string Status, string Text);

/// <summary>What was compared with what.</summary>
/// <param name="ModelVersion">The bundle's content hash, as the API reports it.</param>
/// <param name="ReferenceSource">
/// <c>validation_window</c> (the data's decisions of the bundle's validation window), or the fallbacks stated in the notices:
/// <c>training_window</c>, <c>first_window</c>.
/// </param>
/// <param name="ServedPredictions">Predictions taken from the decision log: what the API actually served.</param>
/// <param name="RescoredPredictions">Predictions recomputed with the bundle for decisions the decision log does not hold.</param>
/// <param name="VolumeSource"><c>decision_log</c> (the served decisions) or <c>replay</c> (the bundle's engine replayed at the logged decision points).</param>
internal sealed record MonitorSetup(
    string ModelVersion,
    string ModelDirectory,
    TrainingWindow TrainingWindow,
    DateTime ReferenceFrom,
    DateTime ReferenceUntil,
    long ReferenceRows,
    string ReferenceSource,
    DateTime MonitoredFrom,
    DateTime MonitoredUntil,
    long ServedPredictions,
    long RescoredPredictions,
    string VolumeSource,
    double HoldoutShare,
    MonitorOptions Thresholds);

/// <summary>One window of the monitored period.</summary>
/// <param name="AfterTraining">The window starts at or after the end of the bundle's training data: the model had never seen it.</param>
/// <param name="Holdout">The global holdout's lift over the window; null without a holdout or without users on both sides.</param>
/// <param name="Attention">What needs attention in this window, in words; empty when nothing does.</param>
internal sealed record MonitorWindow(
    int Index,
    DateTime From,
    DateTime Until,
    bool AfterTraining,
    WindowDrift Drift,
    CalibrationCheck Goal,
    CalibrationCheck Unsubscribe,
    WindowVolume Volume,
    HoldoutLift? Holdout,
    IReadOnlyList<string> Attention);

/// <summary>Drift of one window against the reference: of the model's predictions, and of each feature.</summary>
/// <param name="Rows">Decisions of the window (sends and holdouts/controls).</param>
/// <param name="GoalPredictionPsi">PSI of the bundle's P(goal | send) for the logged message over the window's decisions.</param>
/// <param name="UpliftPredictionPsi">PSI of the bundle's predicted uplift, likewise.</param>
/// <param name="FeaturesShifted">Features with a PSI at or above the attention line.</param>
/// <param name="Status">
/// <c>attention</c> when a feature's or a prediction's PSI reaches the attention line, <c>watch</c> the watch line;
/// <c>ok</c>; or <c>too_few_rows</c>.
/// </param>
/// <param name="Psi">Every feature's PSI, in the bundle's feature order.</param>
internal sealed record WindowDrift(
    long Rows,
    double? GoalPredictionPsi,
    double? UpliftPredictionPsi,
    double? MaxPsi,
    int FeaturesShifted,
    int FeaturesWatched,
    IReadOnlyList<FeatureDrift> TopMovers,
    string Status,
    IReadOnlyDictionary<string, double> Psi);

/// <summary>One feature's move: its PSI, and its mean and missing share in the reference and in the window.</summary>
internal sealed record FeatureDrift(string Feature, double Psi, double? ReferenceMean, double? WindowMean, double ReferenceMissing, double WindowMissing);

/// <summary>Send volume and the hard rules' suppression mix over a window.</summary>
/// <param name="SuppressedByRule">Candidates removed per rule id, in rule-id order.</param>
internal sealed record WindowVolume(
    long Decisions,
    long Sends,
    IReadOnlyDictionary<string, long> SendsByMessage,
    IReadOnlyDictionary<string, long> SuppressedByRule);
