using System.ComponentModel;
using Recommender.Import.Csv;
using Recommender.Import.Segment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender import csv</c>: a flat export, one event per row, the contract's fields named by column.</summary>
internal sealed class ImportCsvCommand : AsyncCommand<ImportCsvCommand.Settings>
{
    public sealed class Settings : ImportSettings
    {
        [CommandOption("--user <COL>")]
        [Description("The column of user ids.")]
        public string? User { get; init; }

        [CommandOption("--time <COL>")]
        [Description("The column of timestamps (see --time-format).")]
        public string? Time { get; init; }

        [CommandOption("--type <COL>")]
        [Description("The column of event names (mapped through --mapping's events).")]
        public string? Type { get; init; }

        [CommandOption("--id <COL>")]
        [Description("The column of event ids; without one, each id is derived from the row's bytes (an exact repeat is then a duplicate).")]
        public string? Id { get; init; }

        [CommandOption("--message <COL>")]
        [Description("The column of message ids (required on message_sent, message_opened and message_clicked rows).")]
        public string? Message { get; init; }

        [CommandOption("--value <COL>")]
        [Description("The column of numeric values (revenue, counts).")]
        public string? Value { get; init; }

        [CommandOption("--properties <COLS>")]
        [Description("Comma-separated columns kept in properties; default: every column not named by another option.")]
        public string? Properties { get; init; }

        [CommandOption("--time-format <FORMAT>")]
        [Description("iso (default: ISO-8601 with a zone), unix (seconds) or unix-ms.")]
        [DefaultValue("iso")]
        public string TimeFormat { get; init; } = "iso";

        [CommandOption("--assume-utc")]
        [Description("Read timestamps without a zone as UTC instead of leaving their rows out.")]
        [DefaultValue(false)]
        public bool AssumeUtc { get; init; }

        [CommandOption("--delimiter <CHAR>")]
        [Description("The field delimiter (one character; \\t for tab).")]
        [DefaultValue(",")]
        public string Delimiter { get; init; } = ",";

        [CommandOption("--mapping <FILE>")]
        [Description("A mapping file (docs/import.md); csv uses its events, skip_events and assume_utc.")]
        public string? Mapping { get; init; }

        [CommandOption("--profiles <FILE>")]
        [Description("A CSV of user attributes: one row per user, or dated rows with --profile-time.")]
        public string? Profiles { get; init; }

        [CommandOption("--profile-user <COL>")]
        [Description("The user column of --profiles (default: the --user column's name).")]
        public string? ProfileUser { get; init; }

        [CommandOption("--profile-time <COL>")]
        [Description("The column of --profiles saying since when a row's values hold.")]
        public string? ProfileTime { get; init; }

        [CommandOption("--catalog <FILE>")]
        [Description("A catalog.json to check and copy into the folder.")]
        public string? Catalog { get; init; }

        internal CsvTimeFormat Format => TimeFormat switch
        {
            "unix" => CsvTimeFormat.Unix,
            "unix-ms" => CsvTimeFormat.UnixMs,
            _ => CsvTimeFormat.Iso,
        };

        internal char DelimiterChar => Delimiter == "\\t" ? '\t' : Delimiter[0];

        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful)
            {
                return common;
            }

            if (string.IsNullOrWhiteSpace(User) || string.IsNullOrWhiteSpace(Time) || string.IsNullOrWhiteSpace(Type))
            {
                return ValidationResult.Error("--user, --time and --type are required: the columns of user ids, timestamps and event names.");
            }

            if (TimeFormat is not ("iso" or "unix" or "unix-ms"))
            {
                return ValidationResult.Error($"--time-format must be iso, unix or unix-ms (got '{TimeFormat}').");
            }

            return Delimiter.Length == 1 || Delimiter == "\\t"
                ? ValidationResult.Success()
                : ValidationResult.Error($"--delimiter must be one character or \\t (got '{Delimiter}').");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mapping = settings.Mapping is null ? new SegmentMapping() : SegmentMapping.Load(settings.Mapping);
        var options = new CsvImportOptions
        {
            Input = settings.In!,
            Output = settings.Out!,
            UserColumn = settings.User!,
            TimeColumn = settings.Time!,
            TypeColumn = settings.Type!,
            IdColumn = settings.Id,
            MessageColumn = settings.Message,
            ValueColumn = settings.Value,
            PropertyColumns = settings.Properties?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TimeFormat = settings.Format,
            Delimiter = settings.DelimiterChar,
            Mapping = settings.AssumeUtc ? mapping with { AssumeUtc = true } : mapping,
            Profiles = settings.Profiles,
            ProfileUserColumn = settings.ProfileUser,
            ProfileTimeColumn = settings.ProfileTime,
            Catalog = settings.Catalog,
            Write = settings.Write,
        };
        var summary = await ImportSettings.Bounded(() => AnsiConsole.Status().StartAsync("importing", _ => CsvImporter.RunAsync(options, null, cancellationToken)));
        return ImportSettings.Finish(summary);
    }
}
