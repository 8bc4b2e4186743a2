using System.Security.Cryptography;
using System.Text;
using Recommender.Data;

namespace Recommender.Training;

/// <summary>
/// Identifies the exact input of a training run: SHA-256 over, for the catalog, each events file and each profiles
/// file in that order, its name relative to the data folder, its length and its bytes. Renaming the folder leaves it
/// unchanged; changing a byte of any input changes it. <c>oracle.parquet</c> is not an input and is left out.
/// </summary>
public static class DataFingerprint
{
    public static async Task<string> ComputeAsync(DataFolder folder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in Files(folder))
        {
            var name = Path.GetRelativePath(folder.Directory, file).Replace('\\', '/');
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{new FileInfo(file).Length}\n"));
            await using var stream = File.OpenRead(file);
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
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
