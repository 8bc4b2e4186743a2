using System.Buffers;

namespace Recommender.Core;

/// <summary>
/// Ids and names taken from callers, and the catalog's ids and names, hold no control characters (C0, DEL and C1:
/// U+0000–U+001F, U+007F–U+009F) and no white space at either end. An id with a stray newline, tab, NUL or trailing
/// space is nearly always a caller's bug, and it would make a second user, message, event type or event that looks
/// like the first one in every log (the CSV import trims its fields, so <c>"u1 "</c> from the API and <c>u1</c> from
/// an import would be two users). Kestrel already refuses a NUL in a path, so a user id holding one could be written by
/// <c>POST</c> but never read back by <c>GET /v1/users/{id}</c>. Refused rather than cleaned: the caller should learn
/// which id it sent.
/// </summary>
public static class IdText
{
    /// <summary>What an id is expected to be, in a refusal.</summary>
    public const string Expected = ExpectedWithoutControl + " or white space at either end";

    /// <summary>What an id is expected to be, in a refusal of its control characters alone (an import, which trims its fields).</summary>
    public const string ExpectedWithoutControl = "text without control characters (U+0000–U+001F, U+007F–U+009F)";

    // Exactly the characters char.IsControl holds: C0, DEL and C1. Searched vectorised, since imports check every row.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)]);

    // In UTF-8, C0 and DEL are single bytes; C1 (U+0080–U+009F) is 0xC2 followed by 0x80–0x9F.
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)0x7F, (byte)0xC2]);

    /// <summary>The refusal's "found" text for <paramref name="text"/>, or null when it is a well-formed id.</summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ControlProblem(text.AsSpan()) is { } control)
        {
            return control;
        }

        if (text.Length > 0 && char.IsWhiteSpace(text[0]))
        {
            return $"white space (U+{(int)text[0]:X4}) at the start";
        }

        return text.Length > 0 && char.IsWhiteSpace(text[^1]) ? $"white space (U+{(int)text[^1]:X4}) at the end" : null;
    }

    /// <summary>
    /// The refusal's "found" text for the first control character in <paramref name="text"/> (as <see cref="Problem"/>
    /// says it), or null when there is none: the check without the white-space rule, which allocates nothing unless it
    /// finds one, for the imports' every row.
    /// </summary>
    public static string? ControlProblem(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAny(Controls);
        return i < 0 ? null : Found(text[i], i);
    }

    /// <summary><see cref="ControlProblem(ReadOnlySpan{char})"/> on UTF-8 bytes, without decoding them.</summary>
    public static string? ControlProblem(ReadOnlySpan<byte> utf8)
    {
        var from = 0;
        while (from < utf8.Length)
        {
            var i = utf8[from..].IndexOfAny(ControlBytes);
            if (i < 0)
            {
                return null;
            }

            i += from;
            if (utf8[i] != 0xC2)
            {
                return Found((char)utf8[i], System.Text.Encoding.UTF8.GetCharCount(utf8[..i]));
            }

            if (i + 1 < utf8.Length && utf8[i + 1] is >= 0x80 and <= 0x9F)
            {
                return Found((char)utf8[i + 1], System.Text.Encoding.UTF8.GetCharCount(utf8[..i]));
            }

            // 0xC2 leads U+00A0–U+00BF too (a no-break space, "£"): no control.
            from = i + 1;
        }

        return null;
    }

    private static string Found(char c, int index) => $"U+{(int)c:X4} at character {index + 1}";
}
