using System.ComponentModel;
using Recommender.Evaluation;
using Recommender.Evaluation.Monitoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender monitor</c>: is the live model still right? Drift, calibration, volume, suppression mix and holdout
/// lift over time windows: monitor.html and monitor.json (see <see cref="MonitorJob"/>). Exits 0 whatever the verdict:
/// the verdict is in the report and on the console, and a scheduler that must act on it reads monitor.json's status.
/// </summary>
internal sealed class MonitorCommand : AsyncCommand<MonitorCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("The data folder holding the log since the model went live (and, ideally, the period it was trained on, the drift reference).")]
        public string? Data { get; init; }

        [CommandOption("--decision-log <DIR>")]
        [Description("The API's decision log folder(s): the predictions it served and the suppressions it applied. Without it, both are recomputed with the bundle.")]
        public string[] DecisionLog { get; init; } = [];

        [CommandOption("--model <DIR>")]
        [Description("The model bundle being served.")]
        public string? Model { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Where to write monitor.html and monitor.json.")]
        public string? Out { get; init; }

        [CommandOption("--window-days <N>")]
        [Description("Length of each monitored window in days.")]
        [DefaultValue(7)]
        public int WindowDays { get; init; } = 7;

        [CommandOption("--min-rows <N>")]
        [Description("Windows with fewer decisions (drift) or sends (calibration) are shown but not judged.")]
        [DefaultValue(200)]
        public int MinimumRows { get; init; } = 200;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data) || string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--data, --model and --out are required: the data folder, the bundle being served and the report folder to write.");
            }

            if (WindowDays <= 0 || MinimumRows <= 0)
            {
                return ValidationResult.Error($"--window-days and --min-rows must be positive (got {WindowDays} and {MinimumRows}).");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var job = new MonitorJob(new MonitorOptions { WindowDays = settings.WindowDays, MinimumRows = settings.MinimumRows });
        MonitorResult? result = null;
        await AnsiConsole.Status().StartAsync("monitoring", async _ =>
            result = await job.RunAsync(settings.Data!, settings.DecisionLog, settings.Model!, settings.Out!, cancellationToken));

        var r = result!;
        foreach (var notice in r.Notices)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(notice)}");
        }

        AnsiConsole.MarkupLineInterpolated($"{r.Status}: {r.Verdict}");
        AnsiConsole.MarkupLineInterpolated($"{r.WindowsNeedingAttention} of {r.Windows} window(s) need attention; wrote {Path.Combine(r.OutDirectory, MonitorJob.ReportHtml)} and {MonitorJob.ReportJson}");
        return 0;
    }
}
