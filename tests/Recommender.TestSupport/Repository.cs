namespace Recommender.TestSupport;

/// <summary>Paths in the repository (the committed sample data and bundle, the built CLI), found from the test binaries upwards.</summary>
public static class Repository
{
    /// <summary>The folder holding Recommender.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>data-samples/</c>, the committed sample data.</summary>
    public static string DataSamples => Path.Combine(Root, "data-samples");

    /// <summary>
    /// The public data sets shared beside the repository (<c>../shared/datasets</c>: Hillstrom, Open Bandit), read in
    /// place and never copied into the repository.
    /// </summary>
    public static string Datasets => Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets"));

    /// <summary>A file or folder under <see cref="Datasets"/>; fails, naming the path, when it is missing (a test never skips for want of data).</summary>
    public static string Dataset(string relative)
    {
        var path = Path.Combine(Datasets, relative);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared data set {path} is missing; tests read the public data sets from ../shared/datasets beside the repository.", path);
    }

    /// <summary>
    /// A copy of <see cref="DataSamples"/>' tables and catalog in <paramref name="folder"/> (made if missing), for tests
    /// that write into or over a data folder; returns the folder's full path.
    /// </summary>
    public static string CopyDataSamples(string folder)
    {
        var target = Directory.CreateDirectory(folder).FullName;
        foreach (var file in new[] { "events.parquet", "profiles.parquet", "catalog.json" })
        {
            File.Copy(Path.Combine(DataSamples, file), Path.Combine(target, file));
        }

        return target;
    }

    /// <summary><c>models/sample</c>, the committed bundle trained on <see cref="DataSamples"/>.</summary>
    public static string SampleModel => Path.Combine(Root, "models", "sample");

    /// <summary>
    /// The <c>recommender</c> built with the same configuration and framework as the running tests (a project
    /// reference with <c>ReferenceOutputAssembly="false"</c> builds it first without copying it next to the tests).
    /// </summary>
    public static string CliDll
    {
        get
        {
            // tests/<project>/bin/<Configuration>/<framework> → src/Recommender.Cli/bin/<Configuration>/<framework>
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(Root, "src", "Recommender.Cli", "bin", here.Parent!.Name, here.Name, "recommender.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the CLI first: {dll} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}.");
    }
}
