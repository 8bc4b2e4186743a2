using System.ComponentModel;
using System.Globalization;
using Recommender.Import.Hillstrom;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender import hillstrom</c>: the Hillstrom e-mail challenge as logged decisions, optionally split into train and held-out customers.</summary>
internal sealed class ImportHillstromCommand : AsyncCommand<ImportHillstromCommand.Settings>
{
    public sealed class Settings : ImportSettings
    {
        [CommandOption("--holdout-share <S>")]
        [Description("Share of the customers written to OUT/holdout (the rest to OUT/train), by a salted hash of the customer; 0 writes OUT alone.")]
        [DefaultValue(0.0)]
        public double HoldoutShare { get; init; }

        [CommandOption("--salt <TEXT>")]
        [Description("Salt of the split.")]
        [DefaultValue("hillstrom")]
        public string Salt { get; init; } = "hillstrom";

        [CommandOption("--start <DATE>")]
        [Description("First day of the campaign (the data has no dates; yyyy-MM-dd, UTC).")]
        [DefaultValue("2008-03-03")]
        public string Start { get; init; } = "2008-03-03";

        [CommandOption("--days <D>")]
        [Description("Days over which the decisions are spread, by a hash of the customer.")]
        [DefaultValue(364)]
        public int Days { get; init; } = 364;

        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful)
            {
                return common;
            }

            if (HoldoutShare is < 0 or >= 1 || double.IsNaN(HoldoutShare))
            {
                return ValidationResult.Error($"--holdout-share must be in [0, 1) (got {HoldoutShare}).");
            }

            if (Days < 1)
            {
                return ValidationResult.Error($"--days must be at least 1 (got {Days}).");
            }

            return DateTime.TryParseExact(Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--start must be a date as yyyy-MM-dd (got '{Start}').");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new HillstromImportOptions
        {
            Input = settings.In!,
            Output = settings.Out!,
            HoldoutShare = settings.HoldoutShare,
            Salt = settings.Salt,
            Start = DateTime.SpecifyKind(DateTime.ParseExact(settings.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc),
            Days = settings.Days,
            // Its train and holdout folders are written side by side, and the measured limit counts one folder's
            // buffers only: bounded when a limit is given, not by default.
            Write = settings.Write with { BoundHeap = settings.MaxHeap is > 0 },
        };
        var code = 0;
        foreach (var summary in await ImportSettings.Bounded(() => HillstromImporter.RunAsync(options, cancellationToken)))
        {
            code = Math.Max(code, ImportSettings.Finish(summary));
        }

        return code;
    }
}
