using System.ComponentModel;
using System.Diagnostics;
using Recommender.Data;
using Recommender.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender generate</c>: a seeded synthetic data folder whose true dynamics are known.</summary>
internal sealed class GenerateCommand : AsyncCommand<GenerateCommand.Settings>
{
    public sealed class Settings : WorldSettings
    {
        [CommandOption("--start <DATE>")]
        [Description("First day of the period (UTC, yyyy-MM-dd).")]
        [DefaultValue("2026-01-05")]
        public string Start { get; init; } = "2026-01-05";

        [CommandOption("--oracle")]
        [Description("Also write oracle.parquet: the world's true probabilities per decision_id, so that `train` can report the ceiling (oracle_auc). The other files do not change.")]
        [DefaultValue(false)]
        public bool Oracle { get; init; }

        [CommandOption("--control-share <S>")]
        [Description("Share of the logging policy's decisions held out as decision_no_send (a randomised control group). 0 writes a log without one, as most campaign tools keep.")]
        [DefaultValue(0.15)]
        public double ControlShare { get; init; } = 0.15;

        [CommandOption("--no-opt-outs")]
        [Description("Users never unsubscribe or complain: a log without opt-outs. The other draws of the world stay the same.")]
        [DefaultValue(false)]
        public bool NoOptOuts { get; init; }

        [CommandOption("--shift-at-day <D>")]
        [Description("From this day of the period on, users' behaviour shifts (more active, moved far less by messages): a world in which a model trained before day D goes stale, for trying `recommender monitor`. Default: no shift.")]
        public int? ShiftAtDay { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace a folder that already holds a data folder: its events, profiles, catalog and oracle are removed first. Without it such a folder is refused, so that a real log imported there is not lost to a synthetic one.")]
        [DefaultValue(false)]
        public bool Overwrite { get; init; }

        protected override string OutDescription => "the folder to write events.parquet, profiles.parquet and catalog.json into";

        public override ValidationResult Validate()
        {
            var world = base.Validate();
            if (!world.Successful)
            {
                return world;
            }

            if (ShiftAtDay is { } shift && (shift < 1 || shift >= Days))
            {
                return ValidationResult.Error($"--shift-at-day must fall inside the period: between 1 and {Days - 1} (got {shift}).");
            }

            if (ControlShare is < 0 or > 1 || double.IsNaN(ControlShare))
            {
                return ValidationResult.Error($"--control-share must be between 0 and 1 (got {ControlShare}).");
            }

            return DateTime.TryParseExact(Start, "yyyy-MM-dd", null, System.Globalization.DateTimeStyles.None, out _)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--start must be a date as yyyy-MM-dd (got '{Start}').");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var start = DateTime.SpecifyKind(DateTime.ParseExact(settings.Start, "yyyy-MM-dd", null), DateTimeKind.Utc);
        var options = new WorldOptions
        {
            Users = settings.Users, Days = settings.Days, Seed = settings.Seed, Start = start,
            ControlRate = settings.ControlShare, OptOuts = !settings.NoOptOuts, ShiftAtDay = settings.ShiftAtDay,
        };
        var held = DataFolder.EntriesIn(settings.Out!);
        if (held.Length > 0 && !settings.Overwrite)
        {
            throw new IOException(
                $"'{settings.Out}' already holds a data folder ({string.Join(", ", held)}); pass --overwrite to replace it with the generated world, or choose another --out.");
        }

        // Replaced as a whole: an oracle of the world before, left beside a world generated without --oracle, would be
        // read by train as this world's truth.
        DataFolder.Remove(settings.Out!, held);

        var catalog = SyntheticCatalog.Create();
        var stopwatch = Stopwatch.StartNew();
        DataSetSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("simulating users", maxValue: settings.Users);
                var report = new Progress<int>(done => task.Value = done);
                summary = settings.Oracle
                    ? await DataSetWriter.WriteWithOracleAsync(options, catalog, settings.Out!, report, cancellationToken)
                    : await DataSetWriter.WriteAsync(new WorldGenerator(options, catalog), settings.Out!, report, cancellationToken);
                task.Value = settings.Users;
            });

        stopwatch.Stop();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        AnsiConsole.MarkupLineInterpolated(
            $"wrote [green]{summary!.Events:N0}[/] events of {summary.Users:N0} users to {Path.GetFullPath(settings.Out!)} in {seconds:F1} s ({summary.Events / seconds:N0} events/s, peak memory {peakMb:N0} MiB)");
        return 0;
    }
}
