using System.Diagnostics;

namespace Recommender.TestSupport;

/// <summary>
/// Runs the real <c>recommender</c> executable as a child process, the way a data scientist runs it, and captures
/// its exit code and output.
/// </summary>
public static class CliProcess
{
    /// <summary>Runs the <c>recommender</c> copied next to the tests (test projects that reference the CLI project).</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunDllAsync(Path.Combine(AppContext.BaseDirectory, "recommender.dll"), args);

    /// <summary><see cref="RunAsync(string[])"/> with variables set in the child's environment (a time zone, say).</summary>
    public static Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunDllAsync(Path.Combine(AppContext.BaseDirectory, "recommender.dll"), environment, args);

    /// <summary>Runs the <c>recommender</c> built at <paramref name="cliDll"/> (for test projects that do not copy it next to themselves; see <see cref="Repository.CliDll"/>).</summary>
    public static Task<CliResult> RunDllAsync(string cliDll, params string[] args) => RunDllAsync(cliDll, new Dictionary<string, string>(), args);

    private static async Task<CliResult> RunDllAsync(string cliDll, IReadOnlyDictionary<string, string> environment, string[] args)
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
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
