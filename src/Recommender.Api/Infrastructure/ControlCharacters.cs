namespace Recommender.Api.Infrastructure;

/// <summary>
/// Ids and names taken from callers hold no control characters (C0, DEL and C1: U+0000–U+001F, U+007F–U+009F). An id
/// with a stray newline, tab or NUL is nearly always a caller's bug, and it would make a second user, message or event
/// that looks like the first one in every log; Kestrel already refuses a NUL in a path, so a user id holding one could
/// be written by <c>POST</c> but never read back by <c>GET /v1/users/{id}</c>.
/// </summary>
public static class ControlCharacters
{
    /// <summary>What an id is expected to be, in a refusal.</summary>
    public const string Expected = "text without control characters (U+0000–U+001F, U+007F–U+009F)";

    /// <summary>The position (0-based) of the first control character in <paramref name="text"/>, or -1.</summary>
    public static int IndexIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What was found, for a refusal: the character's code point and where it stands (1-based).</summary>
    public static string Found(string text, int index) => $"U+{(int)text[index]:X4} at character {index + 1}";

    /// <summary>The refusal's "found" text for <paramref name="text"/>, or null when it holds no control character.</summary>
    public static string? Problem(string text)
    {
        var at = IndexIn(text);
        return at < 0 ? null : Found(text, at);
    }
}
