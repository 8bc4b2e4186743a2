using System.ComponentModel;
using Recommender.Data;
using Recommender.Data.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender validate</c>: checks a data folder against the contract and prints every problem
/// (file, row, column, expected, found). Exit code 1 when there is at least one error; warnings alone pass.
/// </summary>
internal sealed class ValidateCommand : AsyncCommand<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("The data folder: events.parquet (or events/), profiles.parquet, catalog.json.")]
        public string? Data { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data)
                ? ValidationResult.Error("--data is required: the folder to check.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await AnsiConsole.Status().StartAsync("validating", _ => DataValidator.ValidateAsync(settings.Data!, cancellationToken));

        foreach (var issue in report.Issues)
        {
            var label = issue.Severity == IssueSeverity.Error ? "[red]error:[/]" : "[yellow]warning:[/]";
            AnsiConsole.MarkupLine($"{label} {Markup.Escape(issue.Message)}");
        }

        if (report.Events is { } events)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"events: {events.RowsRead:N0} rows in {events.Files.Count} file(s), {events.EventsReturned:N0} valid, {events.DuplicatesSkipped:N0} duplicate event ids applied once, {events.RowsRejected:N0} rejected; {events.MinTimestamp:u} to {events.MaxTimestamp:u}");
        }

        if (report.Profiles is { } profiles)
        {
            AnsiConsole.MarkupLineInterpolated($"profiles: {profiles.RowsRead:N0} rows, {profiles.RowsRejected:N0} rejected");
        }

        if (report.Catalog is { } catalog)
        {
            AnsiConsole.MarkupLineInterpolated($"catalog: {catalog.Messages.Count} messages");
        }

        AnsiConsole.MarkupLineInterpolated($"{report.ErrorCount} error(s), {report.WarningCount} warning(s) in {report.Directory}");
        return report.HasErrors ? CliErrors.DataError : 0;
    }
}
