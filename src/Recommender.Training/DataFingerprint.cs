using Recommender.Data;

namespace Recommender.Training;

/// <summary>
/// Identifies the exact input of a training run: SHA-256 over, for the catalog, each events file and each profiles
/// file in that order, its name relative to the data folder, its length and its bytes (<see cref="FileFingerprint"/>).
/// Renaming the folder leaves it unchanged; changing a byte of any input changes it. <c>oracle.parquet</c> is not an
/// input and is left out; a decision log given beside the folder has a fingerprint of its own (<see cref="DecisionLogInput"/>).
/// </summary>
public static class DataFingerprint
{
    public static Task<string> ComputeAsync(DataFolder folder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return FileFingerprint.ComputeAsync(
            Files(folder).Select(file => (Path.GetRelativePath(folder.Directory, file).Replace('\\', '/'), file)), ct);
    }

    private static IEnumerable<string> Files(DataFolder folder)
    {
        yield return folder.CatalogPath;
        foreach (var table in new[] { folder.EventsPath, folder.ProfilesPath })
        {
            if (File.Exists(table))
            {
                yield return table;
                continue;
            }

            var files = Directory.GetFiles(table, "*.parquet", SearchOption.TopDirectoryOnly);
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return file;
            }
        }
    }
}
