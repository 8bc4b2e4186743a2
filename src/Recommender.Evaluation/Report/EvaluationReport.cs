using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Evaluation.Quality;
using Recommender.Evaluation.Replay;
using Recommender.Evaluation.Segments;
using Recommender.Models.Manifest;
using Recommender.Models.Metrics;
using Recommender.Training.Bundles;

namespace Recommender.Evaluation.Report;

/// <summary>
/// <c>report.json</c>: every number the HTML report shows, in snake_case (the product's <c>CoreJson</c> convention).
/// Nothing in it depends on the clock or the machine: the same data, bundles and options give the same bytes.
/// </summary>
internal sealed record EvaluationReport
{
    public const string CurrentFormat = "recommender-evaluation/2";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>
    /// What the reader must know before the numbers: fallbacks the bundle was trained with (no control group, no fatigue
    /// model), estimates standing in for missing inputs, and windows changed to avoid scoring rows a model was trained on.
    /// </summary>
    public required IReadOnlyList<ReportWarning> Notices { get; init; }

    /// <summary>The plain-language verdict the page opens with; null without off-policy estimates.</summary>
    public PlainVerdict? Verdict { get; init; }

    /// <summary>Who responds: the candidate's predicted uplift explained by a shallow tree on profile attributes.</summary>
    public required ReceptiveSegments Segments { get; init; }

    /// <summary>Incrementality measured with the global holdout.</summary>
    public required IncrementalityReport Incrementality { get; init; }

    /// <summary>The candidate bundle's models on their validation rows, with the training manifest's metric names.</summary>
    public required ModelPair Models { get; init; }

    /// <summary>The baseline bundle's, with <c>--baseline</c>.</summary>
    public ModelPair? BaselineModels { get; init; }

    /// <summary>Reliability, gain, segments and importance behind the model charts and tables.</summary>
    public required ModelDetailsPair ModelDetails { get; init; }

    public ModelDetailsPair? BaselineModelDetails { get; init; }

    /// <summary>What the off-policy estimates were computed on.</summary>
    public required OpeSetup OpeSetup { get; init; }

    /// <summary>One row per policy × estimator × metric.</summary>
    public required IReadOnlyList<OpeRow> Ope { get; init; }

    /// <summary>The candidate's candidates removed per hard rule id at the logged decision points.</summary>
    public required IReadOnlyDictionary<string, long> Suppressions { get; init; }

    /// <summary>The suppression analysis of every policy (the logging policy logged no suppressions).</summary>
    public required IReadOnlyList<SuppressionAnalysis> SuppressionAnalysis { get; init; }

    /// <summary>With <c>--baseline</c>: candidate minus baseline, paired over users, per estimator and metric.</summary>
    public ChampionChallenger? ChampionChallenger { get; init; }

    public required Reproducibility Reproducibility { get; init; }
}

internal sealed record ModelPair(ModelMetrics Propensity, ModelMetrics Fatigue);

internal sealed record ModelDetails(
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<GainPoint> Gain,
    IReadOnlyList<SegmentRow> Segments,
    IReadOnlyList<FeatureImportance> PermutationImportance)
{
    public static ModelDetails Of(ModelQuality q) => new(q.Reliability, q.Gain, q.Segments, q.Importance);
}

internal sealed record ModelDetailsPair(ModelDetails Propensity, ModelDetails Fatigue);

/// <param name="PeriodFrom">First evaluated decision instant (the validation window's start).</param>
/// <param name="PeriodUntil">Decisions before this are evaluated (the log's end minus the longest outcome window).</param>
/// <param name="Reward">How each decision's outcomes are credited (see docs/evaluation.md).</param>
/// <param name="UnknownMessages">Logged decisions in the period left out: their message is not in the catalog.</param>
/// <param name="WithoutDecisionId">Decisions whose event had no decision_id (the event id keyed the exploration draw).</param>
/// <param name="Policies">The evaluated policies' names and what they are.</param>
/// <param name="LookAheadHours">
/// The replayed policies' look-ahead when they chose the instant and channel too (<c>evaluate --look-ahead-hours</c>);
/// null when they decided "now only".
/// </param>
/// <param name="LoggingPropensities">
/// <c>logged</c>, or <c>estimated</c> / <c>partly_estimated</c> when the log lacks them and the estimates rest on
/// <see cref="Replay.LoggingPropensities"/>'s model of the logging policy.
/// </param>
internal sealed record OpeSetup(
    DateTime PeriodFrom,
    DateTime PeriodUntil,
    long Decisions,
    long Users,
    long UnknownMessages,
    long WithoutDecisionId,
    string Reward,
    IReadOnlyList<PolicyInfo> Policies,
    string LoggingPropensities = "logged",
    double? LookAheadHours = null);

internal sealed record PolicyInfo(string Name, string Description);

/// <summary>One estimate; the warnings are the estimator's, in plain words.</summary>
internal sealed record OpeRow(
    string Policy,
    string Estimator,
    string Metric,
    double Value,
    double CiLow,
    double CiHigh,
    double Ess,
    int Decisions,
    int? Clusters,
    int SkippedDecisions,
    int ClippedDecisions,
    double? LargestWeight,
    IReadOnlyList<ReportWarning> Warnings);

internal sealed record ReportWarning(string Code, string Message);

/// <param name="Headline">The verdict the report leads with: doubly robust on value.</param>
internal sealed record ChampionChallenger(string Challenger, string Champion, PairedRow Headline, IReadOnlyList<PairedRow> Comparisons);

internal sealed record PairedRow(string Estimator, string Metric, double Difference, double CiLow, double CiHigh, double ConfidenceLevel, string Verdict);

/// <param name="ConfigurationHash">SHA-256 of the canonical JSON of <see cref="Options"/>.</param>
/// <param name="CodeVersion">Informational version of the evaluation code.</param>
/// <param name="ModelTrainedOnThisData">The bundle's data fingerprint is this folder's, and its decision log (if any) is this one.</param>
/// <param name="DecisionLog">The decision log evaluated beside the folder (<c>evaluate --decision-log</c>): fingerprint, decisions, control rows; absent without one.</param>
internal sealed record Reproducibility(
    int Seed,
    ulong ExplorationSeed,
    int BootstrapResamples,
    string DataFingerprint,
    string ConfigurationHash,
    string CodeVersion,
    EvaluationOptions Options,
    BundleManifest Model,
    BundleManifest? Baseline,
    bool ModelTrainedOnThisData,
    bool? BaselineTrainedOnThisData,
    DecisionLogInput? DecisionLog = null);
