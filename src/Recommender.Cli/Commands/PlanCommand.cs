using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Recommender.Api.Infrastructure;
using Recommender.Api.Planning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender plan</c>: a send plan for a whole audience at one instant, decided by the API's own services
/// (<see cref="PlanJob"/>; docs/plan.md). Ctrl+C (SIGINT) or SIGTERM stops a plan not yet written and leaves nothing
/// behind; once the file is written, the plan finishes recording its sends.
/// </summary>
internal sealed class PlanCommand : AsyncCommand<PlanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--store <URI>")]
        [Description("The state store to plan from, as serve takes it: sqlite:PATH or redis:HOST:PORT. Sends of the plan are recorded there as pending.")]
        public string? Store { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("A data folder to plan from instead: each user's events before --at are folded. Records no sends.")]
        public string? Data { get; init; }

        [CommandOption("--model <DIR>")]
        [Description("The model bundle; without it the baseline scorer decides, as serve does without --model.")]
        public string? Model { get; init; }

        [CommandOption("--catalog <FILE>")]
        [Description("The catalog.json the API serves (Catalog:Path). Needed with --store; with --data the folder's catalog is the default.")]
        public string? Catalog { get; init; }

        [CommandOption("--at <INSTANT>")]
        [Description("The instant every decision is made for, UTC ISO 8601 (e.g. 2026-03-05T12:00:00Z).")]
        public string? At { get; init; }

        [CommandOption("--users <FILE>")]
        [Description("The audience: one user id per line, or a user_id column of a .csv or .parquet file. Default: every user of the store.")]
        public string? Users { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("The plan file, .parquet or .csv; written beside as a temporary file and renamed when complete.")]
        public string? Out { get; init; }

        [CommandOption("--dry-run")]
        [Description("Record nothing: no pending sends in the store, no decision log.")]
        public bool DryRun { get; init; }

        [CommandOption("--decision-log <DIR>")]
        [Description("Append the plan's decisions to this decision log folder (once the plan is complete).")]
        public string? DecisionLog { get; init; }

        [CommandOption("--look-ahead-hours <HOURS>")]
        [Description("Let each decision choose when (in [[--at, --at + HOURS), 0 to 168) and on which of the message's channels to send: the plan gains send_at and channel, and each send is recorded as pending at its send_at. Default: \"now only\".")]
        public double? LookAheadHours { get; init; }

        [CommandOption("--slot-hours <HOURS>")]
        [Description("With --look-ahead-hours: the step between candidate instants (0.25 to 168; default 1).")]
        public double? SlotHours { get; init; }

        [CommandOption("--delay-cost-per-hour <SHARE>")]
        [Description("With --look-ahead-hours: what an hour of waiting costs, as a share of the expected value ([[0, 1); default 0.01).")]
        public double? DelayCostPerHour { get; init; }

        /// <summary>The look-ahead asked for, with the engine's defaults for what was not given; null for "now only".</summary>
        public Recommender.Decisioning.Timing.SendTimeOptions? SendTime()
        {
            if (LookAheadHours is not { } hours)
            {
                return null;
            }

            var defaults = new Recommender.Decisioning.Timing.SendTimeOptions();
            return new Recommender.Decisioning.Timing.SendTimeOptions
            {
                LookAheadHours = hours,
                SlotHours = SlotHours ?? defaults.SlotHours,
                DelayCostPerHour = DelayCostPerHour ?? defaults.DelayCostPerHour,
            };
        }

        public override ValidationResult Validate()
        {
            if ((Store is null) == (Data is null))
            {
                return ValidationResult.Error("Give exactly one of --store URI and --data DIR.");
            }

            if (Store is not null && !Store.StartsWith("sqlite:", StringComparison.Ordinal) && !Store.StartsWith("redis:", StringComparison.Ordinal))
            {
                return ValidationResult.Error($"--store must be sqlite:PATH or redis:HOST:PORT; got '{Store}'.");
            }

            if (!Timestamps.TryParse(At, out _))
            {
                return ValidationResult.Error($"--at must be {Timestamps.Expected}; got '{At ?? "nothing"}'.");
            }

            if (LookAheadHours is null && (SlotHours is not null || DelayCostPerHour is not null))
            {
                return ValidationResult.Error("--slot-hours and --delay-cost-per-hour need --look-ahead-hours.");
            }

            if (SendTime() is { } sendTime)
            {
                try
                {
                    sendTime.Validate();
                }
                catch (ArgumentException e)
                {
                    return ValidationResult.Error("--" + e.Message.Replace('_', '-'));
                }
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out needs a file name ending in .parquet or .csv.");
            }

            var store = Store is not null && Store.StartsWith("sqlite:", StringComparison.Ordinal) ? Store["sqlite:".Length..] : null;
            return OutputPaths.Overwrites("--out", Out, [("--data", Data)], [("--store", store), ("--catalog", Catalog), ("--users", Users)]) is { } overwrite
                ? ValidationResult.Error(overwrite)
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = Timestamps.TryParse(settings.At, out var at);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signals = 0;
        void OnSignal(PosixSignalContext signal)
        {
            // The first signal stops the plan cleanly; a second one is left to end the process at once.
            if (Interlocked.Increment(ref signals) == 1)
            {
                signal.Cancel = true;
                Console.Error.WriteLine("stopping: a plan not yet complete is discarded; a complete one still records its sends (signal again to end at once)");
                interrupt.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var lastReport = Stopwatch.StartNew();
        void Report(PlanProgress p)
        {
            if (lastReport.Elapsed >= TimeSpan.FromSeconds(2))
            {
                lastReport.Restart();
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"planned {p.Users:N0} users, {p.Sends:N0} sends, {p.Users / Math.Max(p.Elapsed.TotalSeconds, 1e-9):N0} users/s"));
            }
        }

        var source = settings.Store is not null ? $"store {settings.Store}" : $"data folder {settings.Data} (history before --at)";
        AnsiConsole.MarkupLineInterpolated($"planning {source} at {at:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ} into {settings.Out}");
        PlanResult result;
        try
        {
            result = await PlanJob.RunAsync(new PlanSettings
            {
                Store = settings.Store,
                Data = settings.Data,
                Model = settings.Model,
                Catalog = settings.Catalog,
                At = at,
                Users = settings.Users,
                Out = settings.Out!,
                DryRun = settings.DryRun,
                DecisionLog = settings.DecisionLog,
                SendTime = settings.SendTime(),
                BoundHeap = true,
            }, Report, interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]interrupted:[/] no plan was written to {settings.Out}, no send was recorded and nothing was logged.");
            return 130;
        }
        catch (PlanInputException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return CliErrors.DataError;
        }

        var seconds = Math.Max(result.PlanTime.TotalSeconds, 1e-9);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {Markup.Escape(result.Out)}: {result.Users:N0} users, {result.Sends:N0} sends, in {result.PlanTime.TotalSeconds:F1} s ({result.Users / seconds:N0} users/s)"));
        if (result.HeapLimit is { } heapLimit)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap limited to {heapLimit / (1 << 20):N0} MiB ({PlanHeapLimit.Key}; 0 for none)"));
        }

        if (result.Recorded)
        {
            var changed = result.RecordedAfterChange > 0
                ? string.Create(CultureInfo.InvariantCulture, $" ({result.RecordedAfterChange:N0} of them for users whose state changed while planning)")
                : string.Empty;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"recorded {result.Sends - result.NotRecorded:N0} sends as pending in the store in {result.RecordTime.TotalSeconds:F1} s{changed}"));
        }
        else
        {
            AnsiConsole.MarkupLine(settings.DryRun
                ? "[yellow]dry run:[/] no send was recorded and nothing was logged"
                : "[yellow]planned from a data folder:[/] no send was recorded (there is no store to record them in)");
        }

        if (settings.DecisionLog is not null && !settings.DryRun)
        {
            AnsiConsole.MarkupLineInterpolated($"logged {result.Users:N0} decisions in {result.DecisionLogFiles} file(s) under {settings.DecisionLog}");
        }

        if (result.NotRecorded > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]error:[/] {result.NotRecorded} planned sends could not be recorded as pending (the store refused or did not answer), e.g. for {string.Join(", ", result.NotRecordedUsers)}; caps count them only once their message_sent arrives.");
            return CliErrors.DataError;
        }

        return 0;
    }
}
