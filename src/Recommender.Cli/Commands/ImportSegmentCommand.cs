using System.ComponentModel;
using Recommender.Import.Segment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender import segment</c>: Segment-spec JSON Lines (Segment, RudderStack, Jitsu, most CDPs) to a data folder.</summary>
internal sealed class ImportSegmentCommand : AsyncCommand<ImportSegmentCommand.Settings>
{
    public sealed class Settings : ImportSettings
    {
        [CommandOption("--mapping <FILE>")]
        [Description("A mapping file (docs/import.md): event names to event types, page rules, message/ticket/value properties, traits.")]
        public string? Mapping { get; init; }

        [CommandOption("--catalog <FILE>")]
        [Description("A catalog.json to check and copy into the folder; without one the summary lists the message ids a catalog must define.")]
        public string? Catalog { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new SegmentImportOptions
        {
            Input = settings.In!,
            Output = settings.Out!,
            Mapping = settings.Mapping is null ? new SegmentMapping() : SegmentMapping.Load(settings.Mapping),
            Catalog = settings.Catalog,
            Write = settings.Write,
        };
        var summary = await ImportSettings.Bounded(() => AnsiConsole.Status().StartAsync("importing", async status =>
        {
            var progress = new Progress<long>(lines => status.Status($"importing: {lines:N0} lines"));
            return await SegmentImporter.RunAsync(options, progress, cancellationToken);
        }));
        return ImportSettings.Finish(summary);
    }
}
