using System.Diagnostics;
using System.Globalization;

namespace Recommender.Notebooks;

/// <summary>
/// One run of a notebook: its command line (<c>--data DIR</c>, default <c>data-samples/</c>; <c>--out DIR</c>, default
/// <c>notebooks/rendered/</c>; and the notebook's own options), the page it renders, and a temporary folder for what it
/// writes on the way (bundles, reports, a state store). A notebook's top-level code is
/// <c>return await Notebook.RunAsync("01-explore-data", args, async nb => { ... });</c>.
/// </summary>
public sealed class Notebook
{
    /// <summary>Default of <c>--out</c>, relative to the repository root: where the committed pages live.</summary>
    public const string RenderedFolder = "notebooks/rendered";

    /// <summary>Default of <c>--data</c>, relative to the repository root.</summary>
    public const string SampleData = "data-samples";

    private readonly Dictionary<string, string> _values;
    private readonly IReadOnlyList<NotebookOption> _options;

    private Notebook(string name, string root, Dictionary<string, string> values, IReadOnlyList<NotebookOption> options, string temp)
    {
        Name = name;
        Root = root;
        _values = values;
        _options = options;
        Temp = temp;
        Page = new Page(name);
    }

    /// <summary>The notebook's file name without <c>.cs</c>, e.g. <c>01-explore-data</c>: the page is <c>NAME.md</c>.</summary>
    public string Name { get; }

    /// <summary>The repository root (the folder holding <c>Recommender.sln</c>).</summary>
    public string Root { get; }

    /// <summary>The page being rendered.</summary>
    public Page Page { get; }

    /// <summary>A fresh folder for intermediate files, deleted when the notebook ends.</summary>
    public string Temp { get; }

    /// <summary>The data folder (<c>--data</c>), as a full path.</summary>
    public string Data => PathOf("--data");

    /// <summary>The data folder as the page names it (<see cref="Label"/>).</summary>
    public string DataLabel => Label("--data");

    /// <summary>Where the page is written (<c>--out</c>), as a full path.</summary>
    public string OutDirectory => PathOf("--out");

    /// <summary>
    /// The value of a path option as a full path. Defaults are relative to the repository root, so that a notebook
    /// runs the same from any working directory; a path given on the command line is relative to the working directory.
    /// </summary>
    public string PathOf(string option)
    {
        var value = Value(option);
        return Path.GetFullPath(value.Given ? value.Text : Path.Combine(Root, value.Text));
    }

    /// <summary>
    /// A path option as the page shows it: relative to the repository root with forward slashes when inside it, else the
    /// folder's own name. Never the full path, which would differ between machines and make the page unstable.
    /// </summary>
    public string Label(string option)
    {
        var full = PathOf(option);
        var relative = Path.GetRelativePath(Root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The text of a non-path option (its default when not given).</summary>
    public string Text(string option) => Value(option).Text;

    /// <summary>A line of progress on the console (standard error): never on the page.</summary>
    public static void Log(string message) => Console.Error.WriteLine(message);

    /// <summary>
    /// Parses <paramref name="args"/>, runs <paramref name="body"/>, then writes the page and its charts to <c>--out</c>.
    /// Returns the process exit code: 0 written, 1 the notebook failed (the page on disk is left as it was), 2 bad
    /// arguments. The current culture is the invariant one, so that numbers read the same on every machine.
    /// </summary>
    /// <param name="readsData">
    /// False for a notebook that reads no data folder (it imports its own data, say): it then takes no <c>--data</c>, so
    /// that the option is refused as unknown instead of silently ignored, and <see cref="Data"/> throws.
    /// </param>
    public static async Task<int> RunAsync(string name, string[] args, IReadOnlyList<NotebookOption> options, Func<Notebook, Task> body, bool readsData = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        IReadOnlyList<NotebookOption> all =
        [
            .. readsData ? [new NotebookOption("--data", SampleData, "the data folder (events, profiles, catalog.json)", IsPath: true)] : Array.Empty<NotebookOption>(),
            new("--out", RenderedFolder, "where NAME.md and its charts (NAME/*.svg) are written", IsPath: true),
            .. options,
        ];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                Console.WriteLine(Usage(name, all));
                return 0;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? arg : arg[..eq];
            if (all.All(o => o.Name != key))
            {
                Console.Error.WriteLine($"error: unknown option '{arg}'.\n{Usage(name, all)}");
                return 2;
            }

            if (eq < 0 && i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"error: {key} needs a value.\n{Usage(name, all)}");
                return 2;
            }

            values[key] = eq < 0 ? args[++i] : arg[(eq + 1)..];
        }

        var temp = Path.Combine(Path.GetTempPath(), "recommender-notebooks", $"{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(temp);
        var notebook = new Notebook(name, FindRoot(), values, all, temp);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await body(notebook).ConfigureAwait(false);
            notebook.Page.Timing($"Rendered in {stopwatch.Elapsed.TotalSeconds:F1} s.");
            var written = notebook.Page.Write(notebook.OutDirectory);
            Console.WriteLine($"wrote {written}");
            return 0;
        }
#pragma warning disable CA1031 // A notebook's failure of any kind is reported and turned into exit code 1, never a half-written page.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"error: {name} failed: {e}");
            return 1;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <inheritdoc cref="RunAsync(string, string[], IReadOnlyList{NotebookOption}, Func{Notebook, Task}, bool)"/>
    public static Task<int> RunAsync(string name, string[] args, Func<Notebook, Task> body) => RunAsync(name, args, [], body);

    private (string Text, bool Given) Value(string option)
    {
        var definition = _options.FirstOrDefault(o => o.Name == option)
            ?? throw new ArgumentException($"The notebook declares no option {option}.", nameof(option));
        return _values.TryGetValue(option, out var given) ? (given, true) : (definition.Default, false);
    }

    private static string Usage(string name, IReadOnlyList<NotebookOption> options) =>
        $"usage: dotnet run -c Release notebooks/{name}.cs -- [options]\n" +
        string.Join("\n", options.Select(o => $"  {o.Name} {(o.IsPath ? "PATH" : "VALUE")}  {o.Description} (default: {o.Default})"));

    /// <summary>
    /// The repository root: the folder above the notebook's own file (the SDK tells a file-based app where its file is),
    /// else the first folder holding Recommender.sln above the working directory.
    /// </summary>
    private static string FindRoot()
    {
        if (AppContext.GetData("EntryPointFilePath") is string entry && Path.GetDirectoryName(Path.GetDirectoryName(entry)) is { } above
            && File.Exists(Path.Combine(above, "Recommender.sln")))
        {
            return above;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Recommender.sln above {Environment.CurrentDirectory}: run the notebook inside the repository.");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open (a store on its way down) must not turn a good run into a failure; temp is cleaned by the OS.
        }
    }
}

/// <summary>A notebook's own command-line option, beside <c>--data</c> and <c>--out</c>.</summary>
/// <param name="IsPath">Resolved like <c>--data</c>: a default relative to the repository root, a given value relative to the working directory.</param>
public sealed record NotebookOption(string Name, string Default, string Description, bool IsPath = false);
