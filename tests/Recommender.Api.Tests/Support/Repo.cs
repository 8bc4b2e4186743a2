namespace Recommender.Api.Tests.Support;

/// <summary>Paths in the repository, found from the test's output folder.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string DataSamples => Path.Combine(Root, "data-samples");

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
