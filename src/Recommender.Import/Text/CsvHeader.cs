namespace Recommender.Import.Text;

/// <summary>A CSV file's header: where each named column is, and an error naming the file and the columns it has when one is missing.</summary>
internal sealed class CsvHeader(string file, IReadOnlyList<string> names)
{
    public IReadOnlyList<string> Names { get; } = names.ToArray();

    public int Count => Names.Count;

    /// <exception cref="InvalidDataException">The header has no column <paramref name="column"/>.</exception>
    public int Index(string column)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == column)
            {
                return i;
            }
        }

        throw new InvalidDataException($"{file}: expected a column \"{column}\" in the header, found {string.Join(", ", Names.Select(n => $"\"{n}\""))}.");
    }

    /// <summary>Reads the header line of <paramref name="csv"/>.</summary>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public static CsvHeader Read(string file, CsvReader csv) =>
        new(file, csv.Read(out _) ?? throw new InvalidDataException($"{file}: expected a header line, found an empty file."));
}
