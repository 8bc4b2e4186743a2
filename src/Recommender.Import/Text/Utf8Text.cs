using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Recommender.Import.Text;

/// <summary>
/// Lines that are not UTF-8 (a Latin-1 or Windows-1252 export): decoded, each such byte would become U+FFFD, and
/// "m\xFCller" and "m\xF6ller" one user. Every text importer leaves such a line out with this reason instead.
/// </summary>
internal static class Utf8Text
{
    /// <summary>The reason for <paramref name="line"/>, or null when it is valid UTF-8 (a vectorised check, no allocation).</summary>
    public static string? Problem(ReadOnlySpan<byte> line)
    {
        if (Utf8.IsValid(line))
        {
            return null;
        }

        var i = 0;
        while (Rune.DecodeFromUtf8(line[i..], out _, out var length) == OperationStatus.Done)
        {
            i += length;
        }

        return $"not UTF-8: expected UTF-8 text, found the byte 0x{line[i]:X2} (a Latin-1 or Windows-1252 export? convert it first: iconv -f WINDOWS-1252 -t UTF-8)";
    }
}
