using System.ComponentModel;
using System.Globalization;
using Recommender.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender evaluate</c>: the offline evaluation report of a model bundle (and optionally a baseline) on a data
/// folder: report.html, report.json and summary.md (see <see cref="EvaluationJob"/>).
/// </summary>
internal sealed class EvaluateCommand : AsyncCommand<EvaluateCommand.Settings>
{
    public sealed class Settings : LearningSettings
    {
        [CommandOption("--model <DIR>")]
        [Description("The candidate model bundle, written by `recommender train`.")]
        public string? Model { get; init; }

        [CommandOption("--baseline <DIR>")]
        [Description("Optional: the bundle in production, for the champion/challenger verdict.")]
        public string? Baseline { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Where to write report.html, report.json and summary.md.")]
        public string? Out { get; init; }

        [CommandOption("--whole-log")]
        [Description("Measure on every logged decision of --data (data the bundle was not trained on: a held-out half, another campaign) instead of its last --validation-days.")]
        [DefaultValue(false)]
        public bool WholeLog { get; init; }

        [CommandOption("--look-ahead-hours <H>")]
        [Description("Replay the policies deciding when and on which channel too, over H hours ahead in hourly slots (as the API's send_time), each logged send weighed by their probability of its instant and channel (docs/evaluation.md). Default: \"now only\".")]
        public double? LookAheadHours { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--model and --out are required: the model bundle to evaluate and the report folder to write.");
            }

            if (LookAheadHours is { } hours && !(hours is > 0 and <= Decisioning.Timing.SendTimeOptions.MaxLookAheadHours))
            {
                return ValidationResult.Error($"--look-ahead-hours: expected hours in (0, {Decisioning.Timing.SendTimeOptions.MaxLookAheadHours}], found {hours}.");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var job = new EvaluationJob(new EvaluationOptions { Seed = settings.Seed, ValidationDays = settings.ValidationDays, WholeLog = settings.WholeLog, LookAheadHours = settings.LookAheadHours });
        EvaluationResult? result = null;
        await AnsiConsole.Status().StartAsync("evaluating", async _ =>
            result = await job.RunAsync(settings.Data!, settings.DecisionLog, settings.Model!, settings.Baseline, settings.Out!, cancellationToken));

        var r = result!;
        foreach (var notice in r.Notices)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(notice)}");
        }

        AnsiConsole.MarkupLineInterpolated(
            $"propensity AUC {F(r.Propensity.Auc)} on {r.Propensity.Rows:N0} rows, fatigue AUC {F(r.Fatigue.Auc)} on {r.Fatigue.Rows:N0} rows; {r.Decisions:N0} logged decisions replayed");
        if (r.DecisionLog is { } log)
        {
            AnsiConsole.WriteLine(DecisionLogLine.Describe(log, r.DecisionLogFilesInProgress));
        }

        if (r.Verdict is { } verdict)
        {
            AnsiConsole.MarkupLineInterpolated($"candidate vs baseline on value (doubly robust): {verdict.Replace('_', ' ')}");
        }

        AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(r.OutDirectory, EvaluationJob.ReportHtml)}, {EvaluationJob.ReportJson} and {EvaluationJob.SummaryMarkdown}");
        return 0;
    }

    private static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "-";
}
