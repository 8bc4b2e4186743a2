using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Core;
using Recommender.Models;

namespace Recommender.Training;

/// <summary>
/// Everything that decides what <see cref="TrainingJob"/> produces besides the data. Stored in the bundle's
/// manifest as <c>parameters</c>: the same data and the same options give the same models.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Seed of ML.NET, LightGBM and the calibration split. Default 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// Whether the models see when and where the user engages (<see cref="Core.Features.FeatureSchemaOptions.TimeAndChannel"/>):
    /// the decision's local hour and weekday, the user's actions then, opens and clicks by channel.
    /// </summary>
    public bool TimeAndChannelFeatures { get; init; }

    /// <summary>
    /// The last this many days of the log are the validation window; the models never see them. Default 14:
    /// two weekly cycles, and long enough for the longest goal window to close inside it.
    /// </summary>
    public int ValidationDays { get; init; } = 14;

    /// <summary>
    /// Share of the training period's users whose rows calibrate the models instead of training them. Default 0.2.
    /// By user, so that no user's rows are on both sides.
    /// </summary>
    public double CalibrationFraction { get; init; } = 0.2;

    /// <summary>
    /// Fewest positive labels each model needs among its training rows, and among its calibration rows, before
    /// training is attempted. Default 30: below that the trees and the calibration curve are mostly noise.
    /// </summary>
    public int MinimumPositives { get; init; } = 30;

    /// <summary>
    /// LightGBM threads. Default 1. LightGBM's deterministic mode is on, so the trees do not depend on this, but it is
    /// fixed all the same so that a retrain never depends on the machine. One, because on shared cores LightGBM's OpenMP
    /// threads spin-wait on each other, which makes two threads slower than one (docs/results.md, "Training").
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>How the raw tree scores become probabilities, fitted on the calibration rows. Default Platt.</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Platt;

    /// <summary>
    /// How P(goal | send nothing) is estimated. Default <see cref="UpliftMethod.TreatmentInput"/>: its uplift tracks the
    /// truth at least as well as two models' and its closed-loop value is about the same, with one model fewer to train
    /// and serve (docs/results.md, "Training" and "Closed loop").
    /// </summary>
    public UpliftMethod Uplift { get; init; } = UpliftMethod.TreatmentInput;

    /// <summary>
    /// P(goal | user, message, send): on sends only with <see cref="UpliftMethod.TwoModels"/>, on sends and control
    /// rows with an <c>is_treatment</c> input with <see cref="UpliftMethod.TreatmentInput"/>. 125 rounds at 0.12: serving
    /// scores every tree for every candidate, so the forests are sized for the decision budget (50,000 decisions a second
    /// per core), giving up a little quality against larger forests (docs/results.md, "Forest size against quality and
    /// decision time").
    /// </summary>
    public BoosterOptions Propensity { get; init; } = new() { Iterations = 125, LearningRate = 0.12 };

    /// <summary>
    /// P(goal | user, message, send nothing), on the control decisions only (<see cref="UpliftMethod.TwoModels"/>).
    /// The control arm is a small share of the decisions (15% in the synthetic world), hence smaller trees.
    /// </summary>
    public BoosterOptions Control { get; init; } = new() { Leaves = 15 };

    /// <summary>
    /// P(unsubscribe or complaint | send), on sends only. Its label is rare (about 5% of sends) and noisy, so by
    /// default: smaller trees on larger leaves and fewer rounds than the propensity model. Tiny trees score a little
    /// higher on a large world but learn nothing that holds up on the 2,000-user sample (a falling calibration curve).
    /// 150 rounds at 0.065, sized for the decision budget like the propensity model's; fewer rounds give the sample's
    /// calibration a negative slope, which training refuses (docs/results.md, "Training").
    /// </summary>
    public BoosterOptions Fatigue { get; init; } = new() { Iterations = 150, LearningRate = 0.065, Leaves = 15, MinimumRowsPerLeaf = 200 };

    /// <summary>These options as the bundle manifest's <c>parameters</c> (the product's JSON convention).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, CoreJson.Options)!.AsObject();

    /// <summary>
    /// What identifies P(goal | send nothing). Default <see cref="Training.UpliftSource.Auto"/>: the log's randomised
    /// hold-outs when there are enough of them (<see cref="MinimumControlShare"/>), else messages eligible but not chosen at
    /// logged decisions, else none (response mode); <c>train</c>, the manifest and the report say which and why.
    /// </summary>
    public UpliftSource UpliftSource { get; init; } = UpliftSource.Auto;

    /// <summary>
    /// With <see cref="Training.UpliftSource.Auto"/>: hold-outs alone identify the baseline when they are at least this share
    /// of the sends (and have <see cref="MinimumPositives"/> goals). Default 0.05: below it the control arm is too thin for
    /// the trees to learn P(goal | send nothing) per user.
    /// </summary>
    public double MinimumControlShare { get; init; } = 0.05;

    /// <summary>
    /// Not-chosen rows per logged decision at most. Default 2: enough to see each message's goal without it at many
    /// decisions, while the example table grows by at most that many rows per decision.
    /// </summary>
    public int NotChosenPerDecision { get; init; } = 2;

    /// <summary>
    /// Weigh the goal rows by the inverse of the logging policy's propensity of their arm when not-chosen rows identify
    /// the baseline (logged where the log has it, else estimated by a model of the logging policy). Default true.
    /// </summary>
    public bool WeightByPropensity { get; init; } = true;

    /// <summary>
    /// P(unsubscribe | send) for every candidate when the log has too few opt-outs to train the fatigue model. Default
    /// 0.002: two opt-outs per thousand sends, the order of industry e-mail unsubscribe rates, so fatigue still costs
    /// something. The manifest and the report state when it is used.
    /// </summary>
    public double FatiguePrior { get; init; } = 0.002;

    /// <summary>
    /// Share of the fitting rows with no positive label (no goal, no opt-out) that training keeps, each kept one weighing
    /// 1 / rate, so that the weighted rows keep the full data's label rates (<c>NegativeSampler</c>). 1 keeps every row;
    /// null (default) chooses by size: every row up to <see cref="NegativeSamplingAboveEvents"/> events, else
    /// <see cref="AutoNegativeRate"/>. Positives, calibration users and the validation window are never sampled.
    /// </summary>
    public double? NegativeRate { get; init; }

    /// <summary>
    /// With <see cref="NegativeRate"/> null: the events table's row count above which the negatives are sampled. Default
    /// 20,000,000 (about 240,000 users × 90 days of the synthetic world): up to there training on every row takes a few
    /// GiB, and below it a sample costs more of the models' quality (docs/results.md, "A million users").
    /// </summary>
    public long NegativeSamplingAboveEvents { get; init; } = 20_000_000;

    /// <summary>
    /// With <see cref="NegativeRate"/> null, the rate above <see cref="NegativeSamplingAboveEvents"/>. Default 0.25: at
    /// 100,000 users it cost the models under 0.001 of AUC and kept them calibrated, and it lets 1,000,000 users × 90
    /// days train in 12 GiB (docs/results.md, "A million users").
    /// </summary>
    public double AutoNegativeRate { get; init; } = 0.25;

    /// <summary>Throws naming the first option out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ValidationDays, nameof(ValidationDays));
        if (CalibrationFraction is <= 0 or >= 1 || double.IsNaN(CalibrationFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(CalibrationFraction), CalibrationFraction, "must be strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumPositives, nameof(MinimumPositives));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
        if (!Enum.IsDefined(Calibration))
        {
            throw new ArgumentOutOfRangeException(nameof(Calibration), Calibration, "is not a known calibration method.");
        }

        ArgumentNullException.ThrowIfNull(Propensity, nameof(Propensity));
        ArgumentNullException.ThrowIfNull(Fatigue, nameof(Fatigue));
        ArgumentNullException.ThrowIfNull(Control, nameof(Control));
        if (!Enum.IsDefined(Uplift))
        {
            throw new ArgumentOutOfRangeException(nameof(Uplift), Uplift, "is not a known uplift method.");
        }

        if (!Enum.IsDefined(UpliftSource))
        {
            throw new ArgumentOutOfRangeException(nameof(UpliftSource), UpliftSource, "is not a known uplift source.");
        }

        if (MinimumControlShare is < 0 or > 1 || double.IsNaN(MinimumControlShare))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumControlShare), MinimumControlShare, "must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NotChosenPerDecision, nameof(NotChosenPerDecision));
        if (FatiguePrior is < 0 or >= 1 || double.IsNaN(FatiguePrior))
        {
            throw new ArgumentOutOfRangeException(nameof(FatiguePrior), FatiguePrior, "must be in [0, 1).");
        }

        if (NegativeRate is { } rate && (rate is <= 0 or > 1 || double.IsNaN(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(NegativeRate), rate, "must be in (0, 1]: the share of negative rows kept (1 keeps all).");
        }

        if (AutoNegativeRate is <= 0 or > 1 || double.IsNaN(AutoNegativeRate))
        {
            throw new ArgumentOutOfRangeException(nameof(AutoNegativeRate), AutoNegativeRate, "must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(NegativeSamplingAboveEvents, nameof(NegativeSamplingAboveEvents));
        Propensity.Validate(nameof(Propensity));
        Control.Validate(nameof(Control));
        Fatigue.Validate(nameof(Fatigue));
    }
}
