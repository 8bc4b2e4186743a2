namespace Recommender.Data;

/// <summary>
/// Files a data folder may hold instead of its Parquet tables, that <c>recommender import</c> reads: a missing table
/// names them and the command to run, rather than saying only that the table is missing.
/// </summary>
internal static class ForeignFiles
{
    /// <summary>What stands in the folder instead of table <paramref name="name"/>, with the import command; null when nothing does.</summary>
    public static string? Describe(string dir, string name)
    {
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (file.Equals(name + ".parquet.partial", StringComparison.OrdinalIgnoreCase))
            {
                // An importer writes the table under this name and moves it into place only once it is whole.
                found.Add($"{file}, left by an import that stopped before it finished: run the import again");
                continue;
            }

            var hint = Hint(file, name);
            if (hint is not null)
            {
                found.Add($"{file}, which this command cannot read: run `{hint}`");
            }
        }

        return found.Count == 0 ? null : string.Join("; ", found);
    }

    private static string? Hint(string file, string table)
    {
        var lower = file.ToLowerInvariant();
        if (lower == "hillstrom.csv")
        {
            return "recommender import hillstrom --in " + file + " --out DIR";
        }

        if (lower is "men.csv" or "women.csv" or "all.csv")
        {
            return "recommender import obd --in FOLDER --out DIR (an Open Bandit Dataset log)";
        }

        if (lower.EndsWith(".jsonl", StringComparison.Ordinal) || lower.EndsWith(".jsonl.gz", StringComparison.Ordinal)
            || lower.EndsWith(".ndjson", StringComparison.Ordinal) || lower.EndsWith(".ndjson.gz", StringComparison.Ordinal))
        {
            return table == DataFolder.EventsName ? "recommender import segment --in " + file + " --out DIR" : null;
        }

        if (lower == table + ".csv" || lower == table + ".csv.gz")
        {
            return table == DataFolder.EventsName
                ? "recommender import csv --in " + file + " --out DIR --user COL --time COL --type COL"
                : "recommender import csv --in EVENTS.csv --profiles " + file + " --out DIR --user COL --time COL --type COL";
        }

        return null;
    }
}
