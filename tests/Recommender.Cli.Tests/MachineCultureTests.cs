namespace Recommender.Cli.Tests;

/// <summary>
/// The command writes the same text on every machine: before, a German machine's run printed "126.945 rows" beside
/// "2026-01-05 00:16:05Z", a manifest's notes read "Platt slope -0,119", and the same data and seed gave other bytes.
/// </summary>
public sealed class MachineCultureTests
{
    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("fr_FR.UTF-8")]
    public async Task Validate_says_the_same_whatever_the_machines_locale(string locale)
    {
        var english = await CliProcess.RunWithEnvironmentAsync(Locale("C.UTF-8"), "validate", "--data", Repository.DataSamples);
        var local = await CliProcess.RunWithEnvironmentAsync(Locale(locale), "validate", "--data", Repository.DataSamples);

        Assert.True(english.ExitCode == 0, english.All);
        Assert.Contains("126,945 rows", english.Output, StringComparison.Ordinal);
        Assert.Equal(english.Output, local.Output);
    }

    private static Dictionary<string, string> Locale(string name) => new() { ["LANG"] = name, ["LC_ALL"] = name };
}
