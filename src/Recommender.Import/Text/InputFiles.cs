namespace Recommender.Import.Text;

/// <summary>An import's input: one file, or the files of a folder with one of the given endings, in name order.</summary>
internal static class InputFiles
{
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="input"/>, or a folder without such files.</exception>
    public static IReadOnlyList<string> List(string input, params string[] endings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (File.Exists(input))
        {
            return [input];
        }

        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"{input}: expected a file or a folder to import, found nothing at that path.", input);
        }

        var files = Directory.EnumerateFiles(input)
            .Where(f => endings.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0
            ? files
            : throw new FileNotFoundException($"{input}: expected files ending in {string.Join(", ", endings)}, found none.", input);
    }
}
