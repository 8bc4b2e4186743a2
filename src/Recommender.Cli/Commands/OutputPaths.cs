using Recommender.Data;

namespace Recommender.Cli.Commands;

/// <summary>
/// Refuses an output file that is one of the command's own inputs: written over, the input would be lost (a
/// `features --out` beside the events, pointed one name too far, replaced the events table with the examples).
/// </summary>
internal static class OutputPaths
{
    /// <summary>The message of a usage error when <paramref name="output"/> would overwrite an input, else null.</summary>
    /// <param name="outputOption">The option naming the output, e.g. "--out".</param>
    /// <param name="output">The output file.</param>
    /// <param name="dataFolders">Data folders the command reads, with their options: their tables are inputs.</param>
    /// <param name="files">Single files the command reads, with their options.</param>
    public static string? Overwrites(
        string outputOption, string output, IEnumerable<(string Option, string? Folder)> dataFolders, IEnumerable<(string Option, string? File)> files)
    {
        var target = Path.GetFullPath(output);
        foreach (var (option, folder) in dataFolders)
        {
            if (folder is null)
            {
                continue;
            }

            var root = Path.GetFullPath(folder);
            // The entry itself, or a file inside a table's folder of parts.
            var table = DataFolder.Entries.FirstOrDefault(name => Within(target, Path.Combine(root, name)));
            if (table is not null)
            {
                return $"{outputOption} {output} would overwrite {table} of the data folder this command reads ({option} {folder}); write it elsewhere.";
            }
        }

        foreach (var (option, file) in files)
        {
            if (file is not null && SamePath(target, Path.GetFullPath(file)))
            {
                return $"{outputOption} {output} is the file this command reads as {option}; write it elsewhere.";
            }
        }

        return null;
    }

    private static bool SamePath(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private static bool Within(string path, string folder) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || SamePath(path, folder);
}
