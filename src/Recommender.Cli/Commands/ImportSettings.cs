using System.ComponentModel;
using Recommender.Import.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>What every <c>recommender import</c> takes: the input, the data folder to write and the duplicate window.</summary>
internal abstract class ImportSettings : CommandSettings
{
    [CommandOption("--in <PATH>")]
    [Description("What to import (a file, or a folder of files).")]
    public string? In { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("The data folder to write: events.parquet, profiles.parquet, catalog.json (when known), import-summary.txt and import-issues.txt.")]
    public string? Out { get; init; }

    [CommandOption("--overwrite")]
    [Description("Replace a data folder that no import wrote (a generated world, one made by hand): its tables, catalog and oracle are removed first. Without it such a folder is refused; an earlier import's folder is written over, its catalog.json kept.")]
    [DefaultValue(false)]
    public bool Overwrite { get; init; }

    [CommandOption("--duplicate-window <N>")]
    [Description("Recent event ids checked for duplicate deliveries (40 bytes each); an older repeat is written and the readers apply it once.")]
    [DefaultValue(500_000)]
    public int DuplicateWindow { get; init; } = 500_000;

    [CommandOption("--max-heap <MIB>")]
    [Description("A limit on the managed heap in MiB, 0 for none; by default the import measures its first row groups of events and bounds the heap a little above that, so that its memory does not grow with the input.")]
    public int? MaxHeap { get; init; }

    internal ImportOptions Write => new()
    {
        DuplicateWindow = DuplicateWindow,
        Overwrite = Overwrite,
        BoundHeap = MaxHeap != 0,
        MaxHeapBytes = MaxHeap is 0 ? null : ImportHeapLimit.ParseMiB(MaxHeap),
    };

    /// <summary>Runs an import; running out of memory under the heap limit it set becomes a refusal naming the option.</summary>
    internal static async Task<T> Bounded<T>(Func<Task<T>> import)
    {
        try
        {
            return await import();
        }
        catch (Exception e) when (ImportHeapLimit.RanOutUnderLimit(e))
        {
            throw ImportHeapLimit.Refusal(e);
        }
    }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(In))
        {
            return ValidationResult.Error("--in is required: the file or folder to import.");
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: the data folder to write.");
        }

        if (MaxHeap is { } mib)
        {
            try
            {
                ImportHeapLimit.ParseMiB(mib);
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }
        }

        return DuplicateWindow < 1
            ? ValidationResult.Error($"--duplicate-window must be at least 1 (got {DuplicateWindow}).")
            : ValidationResult.Success();
    }

    /// <summary>
    /// Prints what an import did and where everything went; the exit code: <see cref="CliErrors.DataError"/> when no
    /// event was written. An import whose every line was left out (a wrong --time-format, another export's columns) is a
    /// failure to fix, not a success a pipeline runs on: before, it exited 0 with an empty events table, and train then
    /// failed far from the cause.
    /// </summary>
    internal static int Finish(ImportSummary summary)
    {
        AnsiConsole.WriteLine(summary.Describe());
        if (summary.Events > 0)
        {
            return 0;
        }

        var why = summary.LinesDropped > 0
            ? $"every one of the {summary.LinesDropped:N0} lines with a record was left out ({string.Join(", ", summary.IssuesByKind.OrderByDescending(k => k.Value).Take(3).Select(k => $"{k.Key}: {k.Value:N0}"))}); the reasons are above and in {summary.IssuesFile}"
            : "the input holds no record";
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no event was written to {summary.Output}: {why}.");
        return CliErrors.DataError;
    }
}
