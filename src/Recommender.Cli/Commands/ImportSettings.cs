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

    [CommandOption("--duplicate-window <N>")]
    [Description("Recent event ids checked for duplicate deliveries (40 bytes each); an older repeat is written and the readers apply it once.")]
    [DefaultValue(500_000)]
    public int DuplicateWindow { get; init; } = 500_000;

    internal ImportOptions Write => new() { DuplicateWindow = DuplicateWindow };

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

        return DuplicateWindow < 1
            ? ValidationResult.Error($"--duplicate-window must be at least 1 (got {DuplicateWindow}).")
            : ValidationResult.Success();
    }

    /// <summary>Prints what an import did and where everything went.</summary>
    internal static void Print(ImportSummary summary) => AnsiConsole.WriteLine(summary.Describe());
}
