namespace Recommender.Api.Tests.Support;

/// <summary>Paths in the repository, found from the test's output folder.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string DataSamples => Path.Combine(Root, "data-samples");

    public static string SampleBundle => Path.Combine(Root, "models", "sample");

    /// <summary>The <c>recommender</c> built with the same configuration as these tests (the project reference builds it first).</summary>
    public static string CliDll
    {
        get
        {
            // tests/Recommender.Api.Tests/bin/<Configuration>/net10.0 → src/Recommender.Cli/bin/<Configuration>/net10.0
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(Root, "src", "Recommender.Cli", "bin", here.Parent!.Name, here.Name, "recommender.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the CLI first: {dll} is missing.");
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Recommender.sln not found above " + AppContext.BaseDirectory);
    }
}
