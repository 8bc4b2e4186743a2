namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// <c>evaluate --out</c> and <c>monitor --out</c> on a path that cannot be a folder: refused with exit code 1 before the
/// inputs are read, naming the path and the option. Before, the whole log was replayed and the report's write then failed
/// with the runtime's bare "The file ... already exists".
/// </summary>
public sealed class ReportOutputTests
{
    [Theory]
    [InlineData("evaluate", "", "is a file, not a folder for the report")]
    [InlineData("evaluate", "/report", "above it is a file")]
    [InlineData("monitor", "", "is a file, not a folder for the report")]
    [InlineData("monitor", "/report", "above it is a file")]
    public async Task An_output_that_is_or_lies_under_a_file_is_refused_before_the_inputs_are_read(string command, string below, string expected)
    {
        using var folder = new TempFolder();
        var file = folder.File("out");
        await File.WriteAllTextAsync(file, "an analyst's notes");

        var result = await CliProcess.RunAsync(
            command, "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", file + below);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.All, StringComparison.Ordinal);
        Assert.Contains("(--out)", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("AUC", result.All, StringComparison.Ordinal); // nothing was evaluated
        Assert.DoesNotContain("window(s)", result.All, StringComparison.Ordinal); // nor monitored
        Assert.Equal("an analyst's notes", await File.ReadAllTextAsync(file));
    }
}
