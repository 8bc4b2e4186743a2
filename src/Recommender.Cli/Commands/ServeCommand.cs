using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Api;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender serve</c>: starts the inference API in this process. The options are shorthands for configuration
/// keys (<c>--store</c> is <c>Store:Connection</c>, <c>--model</c> is <c>Model:Path</c>, <c>--bootstrap</c> is
/// <c>Bootstrap:Path</c>); everything else (API keys, decision log folder) comes from appsettings or the environment,
/// e.g. <c>Auth__ClientKeys__0=...</c>.
/// </summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';').")]
        public string Urls { get; init; } = "http://127.0.0.1:8080";

        [CommandOption("--model <DIR>")]
        [Description("A model bundle folder to serve; without it the baseline scorer serves.")]
        public string? Model { get; init; }

        [CommandOption("--store <STORE>")]
        [Description("sqlite:PATH (default sqlite:recommender.db) or redis:HOST:PORT.")]
        public string? Store { get; init; }

        [CommandOption("--bootstrap <DIR>")]
        [Description("A data folder whose profiles and events are loaded into the store before serving (idempotent).")]
        public string? Bootstrap { get; init; }

        public override ValidationResult Validate()
        {
            if (Store is not null && !Store.StartsWith("sqlite:", StringComparison.Ordinal) && !Store.StartsWith("redis:", StringComparison.Ordinal))
            {
                return ValidationResult.Error($"--store must be sqlite:PATH or redis:HOST:PORT; got '{Store}'.");
            }

            return string.IsNullOrWhiteSpace(Urls) ? ValidationResult.Error("--urls needs a URL, e.g. http://127.0.0.1:8080.") : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var args = new List<string> { "--urls", settings.Urls };
        Add(args, "Store:Connection", settings.Store);
        Add(args, "Model:Path", settings.Model);
        Add(args, "Bootstrap:Path", settings.Bootstrap);

        // A start-up that fails is reported once, by CliErrors (a setting to fix without a stack trace, anything else
        // whole), not also by the host's own error log.
        args.Add("--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=Critical");
        AnsiConsole.MarkupLineInterpolated($"starting on {settings.Urls} (docs at /scalar/v1, health at /health/ready)");
        await using var app = ApiHost.Build([.. args]);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);

        // A background service that fails (the decision log writer on a disk error it cannot count away) stops the host
        // (BackgroundServiceExceptionBehavior.StopHost, see ApiHost), and the stop looks like a requested one from here.
        // A supervisor that restarts on failure only must see it as one: exit 1, naming the service and its error,
        // rather than 0 as after SIGTERM or Ctrl-C. A service that failed while draining at a requested stop counts too:
        // what it had not written is lost either way.
        var failed = app.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Where(s => s.ExecuteTask is { IsFaulted: true }).ToList();
        foreach (var service in failed)
        {
            CliErrors.ReportServiceFailure(service.GetType().Name, service.ExecuteTask!.Exception!.GetBaseException());
        }

        return failed.Count == 0 ? 0 : CliErrors.DataError;
    }

    private static void Add(List<string> args, string key, string? value)
    {
        if (value is not null)
        {
            args.Add($"--{key}={value}");
        }
    }
}
