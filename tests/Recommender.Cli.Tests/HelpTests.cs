namespace Recommender.Cli.Tests;

/// <summary>
/// <c>--help</c> of every command renders: a description is Spectre markup, in which a lone bracket ("(0, 1]") is an
/// error, and <c>train --help</c> and <c>plan --help</c> answered with a stack trace.
/// </summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("generate")]
    [InlineData("import segment")]
    [InlineData("import csv")]
    [InlineData("import hillstrom")]
    [InlineData("import obd")]
    [InlineData("validate")]
    [InlineData("serve")]
    [InlineData("plan", "[--at, --at + HOURS)")]
    [InlineData("features")]
    [InlineData("train", "or a number in (0, 1];")]
    [InlineData("simulate")]
    [InlineData("evaluate")]
    [InlineData("monitor")]
    public async Task Every_command_prints_its_help(string command, string? shown = null)
    {
        var help = await CliProcess.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(help.ExitCode == 0, help.All);
        Assert.Contains("OPTIONS:", help.Output, StringComparison.Ordinal);
        Assert.Contains(shown ?? "--help", help.Output, StringComparison.Ordinal);
    }
}
