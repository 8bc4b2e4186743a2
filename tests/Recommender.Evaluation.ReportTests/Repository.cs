namespace Recommender.Evaluation.ReportTests;

/// <summary>Paths of the committed sample data and bundle, found from the test binaries upwards.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string DataSamples => Path.Combine(Root, "data-samples");

    public static string SampleModel => Path.Combine(Root, "models", "sample");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}.");
    }
}
