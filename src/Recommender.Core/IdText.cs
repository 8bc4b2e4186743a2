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
    public const string Expected = "text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end";

    /// <summary>The refusal's "found" text for <paramref name="text"/>, or null when it is a well-formed id.</summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return $"U+{(int)text[i]:X4} at character {i + 1}";
            }
        }

        if (text.Length > 0 && char.IsWhiteSpace(text[0]))
        {
            return $"white space (U+{(int)text[0]:X4}) at the start";
        }

        return text.Length > 0 && char.IsWhiteSpace(text[^1]) ? $"white space (U+{(int)text[^1]:X4}) at the end" : null;
    }
}
