using Recommender.Data.Validation;

namespace Recommender.Data;

/// <summary>
/// A data folder by convention: the <c>events</c> table (<c>events.parquet</c> or a folder <c>events/</c> of
/// Parquet files), the <c>profiles</c> table (<c>profiles.parquet</c> or <c>profiles/</c>) and <c>catalog.json</c>.
/// </summary>
public sealed class DataFolder
{
    public const string EventsName = "events";
    public const string ProfilesName = "profiles";
    public const string CatalogFileName = "catalog.json";

    /// <summary>The draft an import writes when it saw messages but was given no catalog; never read as one.</summary>
    public const string CatalogDraftFileName = "catalog.draft.json";

    /// <summary>
    /// Every entry a data folder may hold that describes its data: both forms of each table, the catalog, an import's
    /// catalog draft and a generated world's <c>oracle.parquet</c>. What replacing a data folder replaces, and what an
    /// output file must not be.
    /// </summary>
    public static IReadOnlyList<string> Entries { get; } =
    [
        EventsName + ".parquet", EventsName, ProfilesName + ".parquet", ProfilesName, CatalogFileName, CatalogDraftFileName,
        Oracle.OracleParquetWriter.FileName,
    ];

    /// <summary>The <see cref="Entries"/> present in <paramref name="directory"/> (none when it does not exist).</summary>
    public static string[] EntriesIn(string directory) => [.. Entries.Where(name => Path.Exists(Path.Combine(directory, name)))];

    /// <summary>Deletes <paramref name="names"/> (entries of <paramref name="directory"/>, files or folders of parts).</summary>
    public static void Remove(string directory, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }

    private DataFolder(string directory, string eventsPath, string profilesPath, string catalogPath)
    {
        Directory = directory;
        EventsPath = eventsPath;
        ProfilesPath = profilesPath;
        CatalogPath = catalogPath;
    }

    public string Directory { get; }

    /// <summary><c>events.parquet</c>, or the <c>events/</c> folder.</summary>
    public string EventsPath { get; }

    /// <summary><c>profiles.parquet</c>, or the <c>profiles/</c> folder.</summary>
    public string ProfilesPath { get; }

    public string CatalogPath { get; }

    /// <exception cref="DataValidationException">The folder or any of its three parts is missing, or a part is ambiguous.</exception>
    public static DataFolder Open(string dir)
    {
        var issues = new List<ValidationIssue>();
        var paths = Resolve(dir, issues);
        if (issues.Count > 0)
        {
            throw new DataValidationException(issues);
        }

        return new DataFolder(dir, paths.Events!, paths.Profiles!, paths.Catalog!);
    }

    /// <summary>Whatever parts exist (null for the others), with an issue for each missing or ambiguous part.</summary>
    internal static (string? Events, string? Profiles, string? Catalog) Resolve(string dir, List<ValidationIssue> issues)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        if (!System.IO.Directory.Exists(dir))
        {
            issues.Add(ValidationIssue.InTable(IssueSeverity.Error, dir, null, null,
                $"a data folder holding {EventsName}.parquet, {ProfilesName}.parquet and {CatalogFileName}", "no folder at that path"));
            return (null, null, null);
        }

        var catalog = Path.Combine(dir, CatalogFileName);
        if (!File.Exists(catalog))
        {
            // Imports write one only when told the messages (--catalog), so a folder from a real log often has none:
            // the message says what the file holds and where it is described.
            issues.Add(ValidationIssue.InTable(IssueSeverity.Error, catalog, null, null,
                "the message catalog (each message's id, category, channel and goal_event: docs/data-contract.md, \"catalog.json\"; " +
                "`recommender import` copies one in with --catalog FILE)",
                File.Exists(Path.Combine(dir, CatalogDraftFileName)) ? $"no such file, only {CatalogDraftFileName} (fill its blank fields, then rename it)" : "no such file"));
            catalog = null;
        }

        return (ResolveTable(dir, EventsName, issues), ResolveTable(dir, ProfilesName, issues), catalog);
    }

    private static string? ResolveTable(string dir, string name, List<ValidationIssue> issues)
    {
        var file = Path.Combine(dir, name + ".parquet");
        var folder = Path.Combine(dir, name);
        var expected = $"the {name} table as {name}.parquet or as a folder {name}/ of .parquet files";
        var hasFile = File.Exists(file);
        var hasFolder = System.IO.Directory.Exists(folder);
        if (hasFile && hasFolder)
        {
            // Reading one and ignoring the other would silently drop data.
            issues.Add(ValidationIssue.InTable(IssueSeverity.Error, file, null, null, expected + ", not both", "both"));
            return null;
        }

        if (!hasFile && !hasFolder)
        {
            // A CSV or JSON Lines export where the table should be: name it and the command that converts it.
            var foreign = ForeignFiles.Describe(dir, name);
            issues.Add(ValidationIssue.InTable(IssueSeverity.Error, file, null, null, expected, foreign is null ? "neither" : "neither, but " + foreign));
            return null;
        }

        return hasFile ? file : folder;
    }
}
