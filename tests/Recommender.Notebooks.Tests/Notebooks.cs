using System.Diagnostics;
using System.Text.RegularExpressions;

// Each notebook run builds the notebook and reads the shared sample data: one at a time, so that two builds never
// race on the same outputs and the runs do not fight each other for the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Recommender.Notebooks.Tests;

/// <summary>The notebooks in <c>notebooks/</c>, their committed pages, and running one as a data scientist does.</summary>
internal static partial class Notebooks
{
    public static string Folder => Path.Combine(Repository.Root, "notebooks");

    /// <summary><c>notebooks/rendered</c>: the committed pages and their charts.</summary>
    public static string Rendered => Path.Combine(Folder, "rendered");

    /// <summary>Every <c>notebooks/NN-name.cs</c>, by name (without <c>.cs</c>), in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Directory.GetFiles(Folder, "*.cs")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(n => NotebookName().IsMatch(n))
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> All => [.. Names];

    /// <summary>
    /// The arguments that point a notebook at the public data sets it reads, from <see cref="Repository.Datasets"/> as
    /// every test reads them (a missing data set fails there, naming its path): <c>--hillstrom</c> for a notebook that
    /// declares it. The notebook's own default is the same file, so the page is the one a reader renders.
    /// </summary>
    public static string[] SharedDataArguments(string name) =>
        File.ReadAllText(Path.Combine(Folder, name + ".cs")).Contains("new(\"--hillstrom\"", StringComparison.Ordinal)
            ? ["--hillstrom", Repository.Dataset(Path.Combine("hillstrom", "hillstrom.csv"))]
            : [];

    /// <summary>The tests' configuration (bin/CONFIG/net10.0): the notebooks build in it, on the projects already built in it.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>
    /// <c>dotnet run -c CONFIG notebooks/NAME.cs -- ARGS</c> from the repository root, as the notebook's opening comment
    /// says to run it. The first run of a notebook builds it (a minute or more on a busy machine), hence the long timeout.
    /// </summary>
    public static async Task<CliResult> RunAsync(string name, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["run", "-c", Configuration, $"notebooks/{name}.cs", "--", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // No MSBuild worker nodes left behind by a test: they would outlive the run and hold the build outputs.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"notebooks/{name}.cs ran longer than 10 minutes.\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"^\d\d-[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NotebookName();
}
