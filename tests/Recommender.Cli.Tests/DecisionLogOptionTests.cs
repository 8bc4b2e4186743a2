namespace Recommender.Cli.Tests;

/// <summary><c>--decision-log</c> on <c>train</c> and <c>evaluate</c>: a folder that is not a usable log is refused with exit code 1, naming it.</summary>
public sealed class DecisionLogOptionTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    public async Task A_folder_holding_only_a_file_still_being_written_exits_one_and_says_so(string command)
    {
        using var folder = new TempFolder();
        var log = folder.File("decision-log");
        Directory.CreateDirectory(log);
        await File.WriteAllTextAsync(Path.Combine(log, "decisions-20260301T000000Z-1-0000.parquet.tmp"), "half a file");
        string[] args = command == "train"
            ? ["train", "--data", Repository.DataSamples, "--decision-log", log, "--out", folder.File("bundle")]
            : ["evaluate", "--data", Repository.DataSamples, "--decision-log", log, "--model", Repository.SampleModel, "--out", folder.File("report")];

        var result = await CliProcess.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"{log}: expected a decision log folder holding at least one complete decisions-*.parquet file, found only 1 file(s) still being written (*.parquet.tmp)",
            result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("bundle")));
        Assert.False(Directory.Exists(folder.File("report")));
    }
}
