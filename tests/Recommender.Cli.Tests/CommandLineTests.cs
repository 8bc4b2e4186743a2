using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Recommender.Cli.Tests;

/// <summary>
/// The command line itself, for every command the CLI defines (found by reflection, so a new command is covered
/// without editing this file): <c>--help</c> answers and lists every option, and an option the command does not have
/// stops the run with a usage error instead of being ignored.
/// </summary>
public sealed partial class CommandLineTests
{
    private static readonly Assembly Cli = Assembly.Load("recommender");

    /// <summary>Each command as typed ("import csv") with the long names of its settings' options ("--in").</summary>
    public static TheoryData<string, string[]> Commands()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var type in Cli.GetTypes().Where(t => !t.IsAbstract && t.Name.EndsWith("Command", StringComparison.Ordinal)))
        {
            if (SettingsOf(type) is not { } settings)
            {
                continue;
            }

            var options = settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
                .OfType<CommandOptionAttribute>()
                .Select(o => "--" + o.LongNames[0])
                .Order(StringComparer.Ordinal)
                .ToArray();
            data.Add(Typed(type.Name[..^"Command".Length]), options);
        }

        return data;
    }

    [Fact]
    public async Task Every_command_the_cli_lists_is_covered()
    {
        // The theories below run on what reflection finds; each command (or branch of commands) that the CLI's own
        // help lists must be among them, or a command would go untested.
        var found = Commands().Select(row => (string)row[0]).ToArray();
        var help = await CliProcess.RunAsync("--help");
        var listed = help.Output[help.Output.IndexOf("COMMANDS:", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).Select(line => line.Trim().Split(' ')[0]).Where(name => name.Length > 0).ToArray();

        Assert.True(listed.Length >= 10, help.All);
        Assert.All(listed, name => Assert.Contains(found, f => f == name || f.StartsWith(name + " ", StringComparison.Ordinal)));
        Assert.Contains("import csv", found);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_answers_and_lists_every_option(string command, string[] options)
    {
        var help = await CliProcess.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(help.ExitCode == 0, $"recommender {command} --help exited {help.ExitCode}:\n{help.All}");
        var missing = options.Where(o => !help.Output.Contains(o, StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, $"recommender {command} --help does not list {string.Join(", ", missing)}:\n{help.All}");
    }

    [Theory]
    [InlineData("plan", "[--at, --at + HOURS)")]
    [InlineData("train", "or a number in (0, 1];")]
    public async Task Brackets_in_a_description_are_shown_as_written(string command, string shown)
    {
        // A description is Spectre markup, in which a lone bracket is an error: these two answered with a stack trace.
        var help = await CliProcess.RunAsync(command, "--help");

        Assert.True(help.ExitCode == 0, help.All);
        Assert.Contains(shown, help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_is_a_usage_error_that_names_it(string command, string[] options)
    {
        Assert.NotNull(options);
        using var folder = new TempFolder();

        // Every command refuses before it reads or writes anything: the misspelt option is all that is wrong with
        // the line besides the missing required options, and it must be what the user is told.
        var run = await CliProcess.RunAsync([.. command.Split(' '), "--validaton-days", "7", "--out", folder.File("out")]);

        Assert.True(run.ExitCode == 2, $"recommender {command} with an unknown option exited {run.ExitCode}:\n{run.All}");
        Assert.Contains("validaton-days", run.All, StringComparison.Ordinal);
        Assert.False(Path.Exists(folder.File("out")), "the command ran despite the unknown option");
    }

    [Fact]
    public async Task A_misspelt_option_does_not_train_on_the_default()
    {
        // Before: the option was ignored and a model trained with 14 validation days, the user none the wiser.
        using var folder = new TempFolder();
        var run = await CliProcess.RunAsync("train", "--data", Repository.DataSamples, "--out", folder.File("model"), "--validaton-days", "7");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("validaton-days", run.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("model")));
    }

    private static Type? SettingsOf(Type command)
    {
        for (var t = command.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        return null;
    }

    /// <summary>"ImportCsv" → "import csv": the command's words as the user types them.</summary>
    private static string Typed(string name) => Words().Replace(name, " $1").Trim().ToLowerInvariant();

    [GeneratedRegex("([A-Z])")]
    private static partial Regex Words();
}
