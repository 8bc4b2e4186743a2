using System.ComponentModel;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Profiles;
using Recommender.Training;
using Recommender.Training.Examples;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender features</c>: <see cref="FeaturesJob"/> with a progress display.</summary>
internal sealed class FeaturesCommand : AsyncCommand<FeaturesCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("The data folder: events.parquet (or events/), profiles.parquet, catalog.json.")]
        public string? Data { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("The examples file to write (.parquet); written to FILE.partial first, renamed when complete. With --partition, the folder the shard goes to.")]
        public string? Out { get; init; }

        [CommandOption("--partition <I/N>")]
        [Description("Build only partition I of N of the users (by a stable hash of the user id; I from 0 to N-1) and write it as a shard to the --out folder: part-I-of-N.parquet and part-I-of-N.json. N machines build the N shards in parallel; train --examples DIR trains on all of them (docs/partitioned-training.md).")]
        public string? Partition { get; init; }

        internal UserPartition? PartitionValue => Partition is null ? null : UserPartition.Parse(Partition);

        [CommandOption("--event-types <LIST>")]
        [Description("Comma-separated product event types to count in windows, besides the catalog's goal events. Default: the most frequent ones.")]
        public string? EventTypes { get; init; }

        [CommandOption("--top-event-types <N>")]
        [Description("Without --event-types: how many of the most frequent product event types to count (from the first 200,000 events).")]
        [DefaultValue(12)]
        public int TopEventTypes { get; init; }

        [CommandOption("--time-features")]
        [Description("Add the features of when and where the user engages: the decision's local hour and weekday, the user's product actions at that hour and on that weekday, opens and clicks by channel (docs/features.md). Training on these shards must say --time-features too.")]
        public bool TimeFeatures { get; init; }

        [CommandOption("--workers <N>")]
        [Description("Threads building examples. Default: one per core but one (the reader has one to itself).")]
        public int? Workers { get; init; }

        [CommandOption("--temp <DIR>")]
        [Description("Where temporary partition files go if the events are not grouped by user. Default: the system temp folder.")]
        public string? Temp { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--data is required: the data folder to build examples from.");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out is required: the .parquet file to write the examples to.");
            }

            if (OutputPaths.Overwrites("--out", Out, [("--data", Data)], []) is { } overwrite)
            {
                return ValidationResult.Error(overwrite);
            }

            if (Partition is not null)
            {
                try
                {
                    _ = UserPartition.Parse(Partition);
                }
                catch (FormatException e)
                {
                    return ValidationResult.Error(e.Message);
                }
            }

            if (TopEventTypes < 0 || Workers is <= 0)
            {
                return ValidationResult.Error($"--top-event-types must be 0 or more and --workers positive (got {TopEventTypes} and {Workers}).");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new FeaturesOptions
        {
            EventTypes = settings.EventTypes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TopEventTypes = settings.TopEventTypes,
            TimeAndChannelFeatures = settings.TimeFeatures,
            Workers = settings.Workers,
            TempDirectory = settings.Temp,
        };
        var job = await FeaturesJob.OpenAsync(settings.Data!, options, cancellationToken);
        var output = Path.GetFullPath(settings.Out!);
        var totalEvents = job.TotalEvents;
        ExampleRunSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var building = progress.AddTask("building examples", maxValue: Math.Max(1, totalEvents ?? 1));
                building.IsIndeterminate = totalEvents is null;
                ProgressTask? partitioning = null;
                var report = new Progress<ExampleProgress>(p =>
                {
                    if (p.Phase == ExamplePhase.Partitioning)
                    {
                        partitioning ??= progress.AddTask("partitioning by user", maxValue: Math.Max(1, totalEvents ?? 1));
                        partitioning.Value = p.Events;
                    }
                    else
                    {
                        building.Value = p.Events;
                    }
                });
                summary = settings.PartitionValue is { } partition
                    ? await job.WriteShardAsync(output, partition, report, cancellationToken)
                    : await job.WriteAsync(output, report, cancellationToken);
                building.Value = building.MaxValue;
            });

        Report(summary!, job.Schema.Hash, job.Schema.Count, settings.PartitionValue is { } p ? Path.Combine(output, p.ShardName + ".parquet") : output);
        if (settings.PartitionValue is { } shard)
        {
            AnsiConsole.MarkupLineInterpolated($"partition {shard} of the users ({summary!.Users:N0} users replayed; the other users' events were read and skipped); train on all {shard.Count} shards with: recommender train --data {settings.Data} --examples {output} --out DIR");
        }

        return 0;
    }

    private static void Report(ExampleRunSummary s, string hash, int features, string output)
    {
        if (s.Partitioned is { } why)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {why} Built through temporary partitions by user instead of one streaming pass.");
        }

        var x = s.Examples;
        if (x.UnknownMessages > 0 || x.ControlsWithoutMessage > 0 || s.UsersWithoutProfile > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]skipped:[/] {x.UnknownMessages:N0} decisions for messages not in the catalog, {x.ControlsWithoutMessage:N0} control decisions without a message_id; {s.UsersWithoutProfile:N0} users had no profile (profile features missing).");
        }

        var seconds = s.Elapsed.TotalSeconds;
        AnsiConsole.MarkupLineInterpolated(
            $"wrote [green]{x.Rows:N0}[/] examples ({x.Treatment:N0} treatment, {x.Control:N0} control; {features} features, schema {hash[..12]}) to {output}");
        AnsiConsole.MarkupLineInterpolated(
            $"from {s.Events:N0} events of {s.Users:N0} users ({s.Read.DuplicatesSkipped:N0} duplicate event ids applied once) in {seconds:F1} s ({s.Events / Math.Max(seconds, 1e-9):N0} events/s)");
    }
}
