using System.Text.Json;

namespace Recommender.Cli.Tests;

/// <summary>
/// <c>evaluate --look-ahead-hours</c>: the policies are replayed choosing the instant and channel too, and the report says
/// so; an out-of-range look-ahead is refused before anything is read.
/// </summary>
public sealed class EvaluateLookAheadTests
{
    [Fact]
    public async Task The_report_names_the_look_ahead_and_weighs_sends_by_the_policys_instant_and_channel()
    {
        using var folder = new TempFolder();
        var (now, timed) = (folder.File("now"), folder.File("timed"));

        var a = await CliProcess.RunAsync("evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", now);
        var b = await CliProcess.RunAsync("evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", timed, "--look-ahead-hours", "24");
        Assert.True(a.ExitCode == 0, a.All);
        Assert.True(b.ExitCode == 0, b.All);

        using var nowReport = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(now, "report.json")));
        using var timedReport = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(timed, "report.json")));
        Assert.Equal(24, timedReport.RootElement.GetProperty("ope_setup").GetProperty("look_ahead_hours").GetDouble());
        Assert.True(!nowReport.RootElement.GetProperty("ope_setup").TryGetProperty("look_ahead_hours", out var none) || none.ValueKind == JsonValueKind.Null);
        Assert.Contains("chose the instant", await File.ReadAllTextAsync(Path.Combine(timed, "report.html")), StringComparison.Ordinal);

        // The sample's log was decided "now only": a policy that would often wait matches fewer of its sends, so its IPS
        // differs from the same bundle's "now only" IPS; the logging policy's own value does not move.
        double Value(JsonDocument r, string policy, string estimator) => r.RootElement.GetProperty("ope").EnumerateArray()
            .Single(o => o.GetProperty("metric").GetString() == "goals" && o.GetProperty("policy").GetString() == policy && o.GetProperty("estimator").GetString() == estimator)
            .GetProperty("value").GetDouble();
        Assert.NotEqual(Value(nowReport, "candidate", "ips"), Value(timedReport, "candidate", "ips"));
        Assert.Equal(Value(nowReport, "logging", "ips"), Value(timedReport, "logging", "ips"));
    }

    [Fact]
    public async Task A_look_ahead_out_of_range_is_refused_naming_the_option()
    {
        using var folder = new TempFolder();
        var result = await CliProcess.RunAsync("evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", folder.File("r"), "--look-ahead-hours", "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--look-ahead-hours: expected hours in (0, 168], found 0", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("r")));
    }
}
