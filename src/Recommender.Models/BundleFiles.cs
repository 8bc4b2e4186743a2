using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Models;

/// <summary>
/// Reads a bundle's files by the names its manifest gives, and nothing outside the bundle folder; hashes every byte
/// it reads, so that the bundle's version names exactly the content that serves.
/// </summary>
/// <remarks>
/// A manifest is data: a name such as <c>../../etc/passwd</c> or <c>/etc/passwd</c> would otherwise make the loader
/// read (and its error message show the start of) any file the process can read. Names are refused unless they lie
/// plain file names in the folder, and a symbolic link is followed only to a file in the same folder.
/// </remarks>
internal sealed class BundleFiles : IDisposable
{
    private readonly string _root;
    private readonly string _rootPrefix;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public BundleFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _root = Path.GetFullPath(directory);
        _rootPrefix = Path.EndsInDirectorySeparator(_root) ? _root : _root + Path.DirectorySeparatorChar;
    }

    /// <summary>SHA-256 (lower-case hex) over the name, length and bytes of every file read so far, in order.</summary>
    public string ContentHash() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The bytes of the file the manifest names <paramref name="name"/>, added to <see cref="ContentHash"/>.</summary>
    /// <exception cref="ModelBundleException">The name leaves the folder, or the file is missing or unreadable.</exception>
    public byte[] Read(string name)
    {
        var path = Resolve(name);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelBundleException($"The bundle in '{_root}' has a model file {name} that cannot be read ({e.GetType().Name}).", e);
        }

        _hash.AppendData(Encoding.UTF8.GetBytes(name));
        Span<byte> length = stackalloc byte[sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
        _hash.AppendData(length);
        _hash.AppendData(bytes);
        return bytes;
    }

    /// <summary>
    /// Reads an ML.NET model file as a zip archive, every entry to its end: a truncated or damaged file is refused at
    /// load, although serving scores with the compiled forest, because the bundle's reference model must be there whole.
    /// </summary>
    public void CheckZip(string name, byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count == 0)
            {
                throw new InvalidDataException("the archive has no entries");
            }

            foreach (var entry in zip.Entries)
            {
                using var content = entry.Open();
                var read = 0L;
                var buffer = new byte[81920];
                int n;
                while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    read += n;
                }

                if (read != entry.Length)
                {
                    throw new InvalidDataException($"entry {entry.FullName} holds {read} of its {entry.Length} bytes");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new ModelBundleException(
                $"The bundle in '{_root}' has an ML.NET model file {name} that is not a complete zip archive ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }
    }

    public void Dispose() => _hash.Dispose();

    private string Resolve(string name)
    {
        // A plain file name: no folder part at all, so neither "..", a rooted path nor a linked sub-folder can lead out.
        if (string.IsNullOrWhiteSpace(name) || name.Contains('\0', StringComparison.Ordinal) || name is "." or ".."
            || Path.GetFileName(name) != name || name.Contains('\\', StringComparison.Ordinal))
        {
            throw Outside(name);
        }

        var full = Path.Combine(_root, name);

        if (!File.Exists(full))
        {
            throw new ModelBundleException($"The bundle in '{_root}' lacks its model file {name}. Retrain the bundle with `recommender train`.");
        }

        // A link in the folder to a file outside it is outside too (the folder itself may be a link: compare real paths).
        var real = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        var realRoot = new DirectoryInfo(_root).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _root;
        var realPrefix = Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        if (!real.StartsWith(realPrefix, StringComparison.Ordinal) && !real.StartsWith(_rootPrefix, StringComparison.Ordinal))
        {
            throw Outside(name);
        }

        return full;
    }

    private ModelBundleException Outside(string name) => new(
        $"The bundle's manifest in '{_root}' names the model file '{Shown(name)}', which is not a file inside the bundle folder. " +
        "A bundle's files are named relative to its folder; retrain the bundle with `recommender train`.");

    private static string Shown(string name) => name.Length > 120 ? name[..120] + "…" : name;
}
