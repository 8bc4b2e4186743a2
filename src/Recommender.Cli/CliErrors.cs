using Microsoft.Extensions.Options;
using Recommender.Data;
using Recommender.Data.Validation;
using Recommender.Evaluation;
using Recommender.Evaluation.OffPolicy;
using Recommender.Import.Output;
using Recommender.Models;
using Recommender.Training;
using Recommender.Training.Bundles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli;

/// <summary>
/// Turns failures into one clear message and an exit code, instead of a stack trace: the user needs to know
/// what to fix, not where our code was.
/// </summary>
internal static class CliErrors
{
    public const int DataError = 1;
    public const int UsageError = 2;
    public const int Unexpected = 3;

    /// <summary>
    /// A background service that failed after <c>serve</c> had started, on standard error (a supervisor's log keeps it
    /// apart from the requests'): the service, what it hit, and that the server stopped because of it. Errors it is
    /// expected to meet (a disk, a permission) by their message alone, anything else whole, as <see cref="Report"/> does.
    /// </summary>
    public static void ReportServiceFailure(string service, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var what = exception is IOException or UnauthorizedAccessException ? exception.Message : exception.ToString();
        Console.Error.WriteLine($"error: the server stopped because its background service {service} failed: {what}");
    }

    public static int Report(Exception exception)
    {
        switch (exception)
        {
            case CommandParseException or CommandRuntimeException:
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return UsageError;
            case DataValidationException invalid:
                foreach (var issue in invalid.Issues)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {issue.Message}");
                }

                return DataError;
            case Api.Infrastructure.ServerConfigurationException or Api.Models.ModelLoadException or Api.Stores.StoreFormatException:
                // serve's start-up: a setting or a bundle to fix, named in the message.
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return DataError;
            case OptionsValidationException invalid:
                // serve's settings out of range: every one named, as the validators wrote it.
                foreach (var failure in invalid.Failures)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {failure}");
                }

                return DataError;
            case InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding:
                // A setting that is not of its type ("abc" for a number): the binder names the key and the value.
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {binding.Message} {binding.GetBaseException().Message}");
                return DataError;
            case Api.Stores.StoreUnavailableException:
                // serve's bootstrap on a store that does not answer or has no room (a disk full, Redis down): a place to
                // fix, named in the message; the server did not start.
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message} The server did not start: the bootstrap needs the store to answer and to have room.");
                return DataError;
            case ImportHeapLimitException:
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return DataError;
            case TrainingDataException or ModelBundleException or EvaluationDataException or InvalidBanditLogException:
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return DataError;
            case FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException:
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return DataError;
            default:
                AnsiConsole.MarkupLineInterpolated($"[red]unexpected error:[/] {exception}");
                return Unexpected;
        }
    }
}
