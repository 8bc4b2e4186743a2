namespace Recommender.Evaluation.Report;

/// <summary>
/// The folder a report is written into (<c>evaluate --out</c>, <c>monitor --out</c>). The jobs check it before they read
/// their inputs: a path that cannot hold the report used to be found only when the report was written, after the whole
/// log had been replayed, and was said as the runtime's bare "The file ... already exists".
/// </summary>
internal static class ReportFolder
{
    /// <exception cref="IOException">The path, or a folder above it, is a file.</exception>
    public static void Check(string outDirectory)
    {
        var path = Path.GetFullPath(outDirectory);
        if (File.Exists(path))
        {
            throw new IOException($"'{outDirectory}' is a file, not a folder for the report; choose another output folder (--out).");
        }

        for (var parent = Path.GetDirectoryName(path); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new IOException($"'{outDirectory}' cannot be a folder: '{parent}' above it is a file; choose another output folder (--out).");
            }

            if (Directory.Exists(parent))
            {
                return;
            }
        }
    }
}
