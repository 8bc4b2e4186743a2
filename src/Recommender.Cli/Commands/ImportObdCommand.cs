using System.ComponentModel;
using Recommender.Import.OpenBandit;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender import obd</c>: one Open Bandit Dataset log (a campaign CSV and item_context.csv) as logged decisions.</summary>
internal sealed class ImportObdCommand : AsyncCommand<ImportObdCommand.Settings>
{
    public sealed class Settings : ImportSettings
    {
        [CommandOption("--user-prefix <TEXT>")]
        [Description("Start of every user id (default: obd- and the input folder's name, e.g. obd-bts).")]
        public string? UserPrefix { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new ObdImportOptions { Input = settings.In!, Output = settings.Out!, UserPrefix = settings.UserPrefix, Write = settings.Write };
        return ImportSettings.Finish(await ImportSettings.Bounded(() => ObdImporter.RunAsync(options, cancellationToken)));
    }
}
