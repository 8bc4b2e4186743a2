using System.Diagnostics;

namespace Recommender.Testing;

/// <summary>
/// Runs the real <c>recommender</c> executable (built next to the tests) as a child process, the way a data
/// scientist runs it, and captures its exit code and output.
/// </summary>
internal static class CliProcess
{
    public static Task<CliResult> RunAsync(params string[] args) => RunDllAsync(Path.Combine(AppContext.BaseDirectory, "recommender.dll"), args);

    /// <summary>Runs the <c>recommender</c> built at <paramref name="cliDll"/> (for test projects that do not copy it next to themselves).</summary>
    public static async Task<CliResult> RunDllAsync(string cliDll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A wide, plain console so that messages are not wrapped or coloured.
        start.Environment["COLUMNS"] = "400";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The repository root (the folder holding Recommender.sln), found from the test binaries upwards.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}.");
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}
