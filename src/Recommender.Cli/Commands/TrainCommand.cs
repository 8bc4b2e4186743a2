using System.ComponentModel;
using System.Globalization;
using Recommender.Models.Manifest;
using Recommender.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender train</c>: the propensity and fatigue models of a data folder, calibrated, validated on the last
/// days of the log and written as a model bundle (see <see cref="TrainingJob"/>).
/// </summary>
internal sealed class TrainCommand : AsyncCommand<TrainCommand.Settings>
{
    public sealed class Settings : LearningSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("The bundle folder to write, e.g. models/NAME. An existing bundle there is replaced.")]
        public string? Out { get; init; }

        [CommandOption("--examples <DIR>")]
        [Description("Train on the example shards in DIR (features --partition I/N, all N of them, built from --data) instead of replaying the events: the same bundle, with the replay spread over machines (docs/partitioned-training.md).")]
        public string? Examples { get; init; }

        [CommandOption("--time-features")]
        [Description("Add the features of when and where the user engages: the decision's local hour and weekday, the user's product actions at that hour and on that weekday, opens and clicks by channel (docs/features.md). With --examples, the shards must have been built with it too.")]
        public bool TimeFeatures { get; init; }

        [CommandOption("--uplift <METHOD>")]
        [Description("How P(goal | send nothing) is learnt: treatment-input (one model with an is_treatment input; default) or two-models (a separate control model on the control decisions).")]
        [DefaultValue("treatment-input")]
        public string Uplift { get; init; } = "treatment-input";

        [CommandOption("--uplift-source <SOURCE>")]
        [Description("What identifies P(goal | send nothing): auto (default: hold-outs if enough, else messages eligible but not chosen at logged decisions, else none), control, not-chosen, or none (response mode).")]
        [DefaultValue("auto")]
        public string UpliftSource { get; init; } = "auto";

        [CommandOption("--min-positives <N>")]
        [Description("Fewest positive (and negative) labels each model needs among its training and its calibration rows. Lower it knowingly: below 30 the trees and the calibration are mostly noise.")]
        [DefaultValue(30)]
        public int MinPositives { get; init; } = 30;

        [CommandOption("--propensity-leaves <N>")]
        [Description("Most leaves per tree of the propensity (goal) model. Default 31, for logs of hundreds of thousands of decisions; a log of tens of thousands may need far fewer, or the trees fit its noise and the policy's choices between messages follow it (docs/results.md, \"Hillstrom\").")]
        [DefaultValue(31)]
        public int PropensityLeaves { get; init; } = 31;

        [CommandOption("--fatigue-prior <P>")]
        [Description("P(unsubscribe | send) used for every message when the log has too few opt-outs to train the fatigue model.")]
        [DefaultValue(0.002)]
        public double FatiguePrior { get; init; } = 0.002;

        [CommandOption("--negative-rate <RATE>")]
        [Description("Share of the fitting rows with no goal and no opt-out that training keeps, each kept one weighing 1/RATE (positives, calibration users and the validation window are never sampled): auto (default: every row up to 20,000,000 events, 0.25 above), or a number in (0, 1]]; 1 fits every row. The manifest records it.")]
        [DefaultValue("auto")]
        public string NegativeRate { get; init; } = "auto";

        internal double? NegativeRateValue => NegativeRate == "auto" ? null : double.Parse(NegativeRate, NumberStyles.Float, CultureInfo.InvariantCulture);

        internal UpliftSource UpliftSourceValue => UpliftSource switch
        {
            "control" => Training.UpliftSource.RandomizedControl,
            "not-chosen" => Training.UpliftSource.NotChosen,
            "none" => Training.UpliftSource.None,
            _ => Training.UpliftSource.Auto,
        };

        internal UpliftMethod UpliftMethod => Uplift switch
        {
            "two-models" => UpliftMethod.TwoModels,
            "treatment-input" => UpliftMethod.TreatmentInput,
            _ => throw new InvalidOperationException($"Unvalidated --uplift '{Uplift}'."),
        };

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out is required: the bundle folder to write.");
            }

            if (Examples is not null && DecisionLog.Length > 0)
            {
                return ValidationResult.Error("--examples and --decision-log cannot be combined: example shards hold the events' rows only. Train on the data folder with --decision-log, without --examples.");
            }

            if (Uplift is not ("two-models" or "treatment-input"))
            {
                return ValidationResult.Error($"--uplift must be two-models or treatment-input (got '{Uplift}').");
            }

            if (UpliftSource is not ("auto" or "control" or "not-chosen" or "none"))
            {
                return ValidationResult.Error($"--uplift-source must be auto, control, not-chosen or none (got '{UpliftSource}').");
            }

            if (MinPositives <= 0)
            {
                return ValidationResult.Error($"--min-positives must be positive (got {MinPositives}).");
            }

            if (PropensityLeaves < 2)
            {
                return ValidationResult.Error($"--propensity-leaves must be at least 2 (got {PropensityLeaves}).");
            }

            if (FatiguePrior is < 0 or >= 1 || double.IsNaN(FatiguePrior))
            {
                return ValidationResult.Error($"--fatigue-prior must be in [0, 1) (got {FatiguePrior}).");
            }

            if (NegativeRate != "auto"
                && (!double.TryParse(NegativeRate, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is <= 0 or > 1 || double.IsNaN(rate)))
            {
                return ValidationResult.Error($"--negative-rate must be auto or a number in (0, 1], e.g. 0.25 (got '{NegativeRate}').");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var job = new TrainingJob(new TrainingOptions
        {
            Seed = settings.Seed,
            TimeAndChannelFeatures = settings.TimeFeatures,
            ValidationDays = settings.ValidationDays,
            Uplift = settings.UpliftMethod,
            UpliftSource = settings.UpliftSourceValue,
            MinimumPositives = settings.MinPositives,
            FatiguePrior = settings.FatiguePrior,
            NegativeRate = settings.NegativeRateValue,
            Propensity = new TrainingOptions().Propensity with { Leaves = settings.PropensityLeaves },
        });
        TrainingResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                ProgressTask? current = null;
                var phase = (TrainingPhase?)null;
                var report = new Action<TrainingProgress>(p =>
                {
                    if (p.Phase != phase)
                    {
                        current?.StopTask();
                        phase = p.Phase;
                        current = p.Phase == TrainingPhase.Done ? null : progress.AddTask(Describe(p.Phase)).IsIndeterminate();
                    }

                    if (p.Phase == TrainingPhase.BuildingExamples && p.Events > 0 && current is not null)
                    {
                        current.Description = $"{Describe(p.Phase)} ({p.Events:N0} events)";
                    }
                });
                result = settings.Examples is { } examples
                    ? await job.RunOnShardsAsync(settings.Data!, examples, settings.Out!, new InlineProgress(report), cancellationToken)
                    : await job.RunAsync(settings.Data!, settings.DecisionLog, settings.Out!, new InlineProgress(report), cancellationToken);
            });

        Print(result!);
        return 0;
    }

    private static string Describe(TrainingPhase phase) => phase switch
    {
        TrainingPhase.ReadingInputs => "reading catalog and profiles",
        TrainingPhase.BuildingExamples => "building examples",
        TrainingPhase.TrainingPropensity => "training propensity model",
        TrainingPhase.TrainingControl => "training control (no-send) model",
        TrainingPhase.TrainingFatigue => "training fatigue model",
        TrainingPhase.Evaluating => "evaluating on the validation window",
        TrainingPhase.WritingBundle => "writing the bundle",
        _ => phase.ToString(),
    };

    private static void Print(TrainingResult result)
    {
        var m = result.Manifest;
        var w = m.TrainingWindow;
        AnsiConsole.MarkupLineInterpolated(
            $"{m.Data.TreatmentRows:N0} sends and {m.Data.ControlRows:N0} control decisions of {m.Data.Users:N0} users; trained on {w.DataStart:yyyy-MM-dd} to {w.ValidationFrom:yyyy-MM-dd HH:mm}, validated to {w.DataEnd:yyyy-MM-dd HH:mm}");
        var table = new Table().AddColumns("model", "rows", "positives", "AUC", "PR-AUC", "log-loss", "Brier", "ECE", "oracle AUC", "oracle ECE");
        foreach (var (name, metrics) in new[] { ("propensity", m.Metrics.Propensity), (m.FatiguePrior is { } prior ? $"fatigue prior {prior}" : "fatigue", m.Metrics.Fatigue) })
        {
            table.AddRow(
                name, metrics.Rows.ToString("N0", CultureInfo.InvariantCulture), metrics.Positives.ToString("N0", CultureInfo.InvariantCulture),
                F(metrics.Auc), F(metrics.PrAuc), F(metrics.LogLoss), F(metrics.Brier), F(metrics.Ece), F(metrics.OracleAuc), F(metrics.Oracle?.Ece));
        }

        if (m.DecisionLog is { } log)
        {
            AnsiConsole.WriteLine(DecisionLogLine.Describe(log, result.DecisionLogRead?.FilesInProgress ?? 0));
        }

        AnsiConsole.Write(table);
        var source = m.Uplift.Source == UpliftSources.RandomizedControl ? "[green]uplift:[/]" : "[yellow]uplift:[/]";
        AnsiConsole.MarkupLine($"{source} {Markup.Escape($"{m.Uplift.Source}. {m.Uplift.Note}")}");
        if (m.FatigueNote is { } fatigue)
        {
            AnsiConsole.MarkupLine($"[yellow]fatigue:[/] no fatigue model. {Markup.Escape(fatigue)}");
        }

        if (m.TimeFeatures is { } time)
        {
            var tag = time.UsersWithoutZone == 0 ? "[green]time features:[/]" : "[yellow bold]time features:[/]";
            AnsiConsole.MarkupLine($"{tag} {Markup.Escape(time.Note)}");
        }

        if (m.NegativeSampling is { } sampling)
        {
            // Loud either way: a sampled bundle's trees saw a quarter of the negatives, and who compares bundles must know.
            var tag = sampling.Rate < 1 ? "[yellow bold]negative sampling:[/]" : "[green]negative sampling:[/]";
            var counts = sampling.Rate < 1 ? $" {sampling.KeptRows:N0} of {sampling.DrawnRows:N0} negative fitting rows kept." : string.Empty;
            AnsiConsole.MarkupLine($"{tag} {Markup.Escape(sampling.Note + counts)}");
        }

        if (m.Metrics.Uplift is not { } u)
        {
            AnsiConsole.MarkupLine(
                "[yellow]uplift P(goal | send) - P(goal | no send): not measured[/] (response mode: the log has no row without a send to learn it from)");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated(
                $"uplift P(goal | send) - P(goal | no send) on {u.Rows:N0} validation rows: mean {F(u.MeanPredicted)}, true mean {F(u.MeanTrue)}, correlation with the truth {F(u.Correlation)}");
        }
        AnsiConsole.MarkupLineInterpolated($"wrote {result.BundleDirectory} (feature schema {m.FeatureSchemaHash[..12]}, {m.FeatureNames.Count} features) in {result.Elapsed.TotalSeconds:F1} s");
    }

    private static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Reports on the training thread, in order; Spectre's progress display is safe to update from any thread.</summary>
    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
