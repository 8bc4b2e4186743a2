using System.Security.Cryptography;
using System.Text;

namespace Recommender.Data;

/// <summary>
/// SHA-256 over, for each file in the order given, its name (as the caller names it), its length and its bytes:
/// what identifies the exact input of a run. Naming files relative to their folder makes moving the folder harmless.
/// </summary>
public static class FileFingerprint
{
    /// <returns><c>sha256:</c> and the hash in lower-case hex.</returns>
    public static async Task<string> ComputeAsync(IEnumerable<(string Name, string Path)> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var (name, path) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{new FileInfo(path).Length}\n"));
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
