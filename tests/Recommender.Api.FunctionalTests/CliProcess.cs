using System.Diagnostics;

namespace Recommender.Api.FunctionalTests;

/// <summary>Runs a <c>recommender</c> command as a child process, as a data scientist would, and fails with its output if it fails.</summary>
internal static class CliProcess
{
    public static async Task<string> RunAsync(string workDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerProcess.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A wide, plain console so that progress and messages are not wrapped or coloured.
        start.Environment["COLUMNS"] = "400";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"recommender {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
