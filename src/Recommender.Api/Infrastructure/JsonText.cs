using System.Text;
using System.Text.Json;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// Reading text out of a parsed JSON document without trusting it. A JSON string may hold a lone surrogate
/// (<c>"\ud800"</c>) or raw bytes that are not UTF-8; the document parses, but reading the value as .NET text throws.
/// These helpers turn that into an answer the caller can act on.
/// </summary>
public static class JsonText
{
    public const string InvalidUnicode = "text that is not valid Unicode (a lone surrogate or bytes that are not UTF-8)";

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string value, or null (and false) when it is not valid Unicode.</summary>
    public static bool TryGetString(JsonElement element, out string? text)
    {
        try
        {
            text = element.GetString();
            return text is null || IsValid(text);
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    /// <summary>The property's name, or null (and false) when it is not valid Unicode.</summary>
    public static bool TryGetName(JsonProperty property, out string? name)
    {
        try
        {
            name = property.Name;
            return IsValid(name);
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>
    /// What is wrong inside <paramref name="element"/>, or null: a name or string that is not valid Unicode, or a name
    /// given twice in one object (which one would the caller mean?).
    /// </summary>
    /// <remarks>
    /// Documents are parsed allowing repeated names, and repeats are found here instead: the parser, asked to refuse
    /// them, compares every name as text and throws on one that is not, so the problem could not be located.
    /// </remarks>
    public static string? Problem(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(element, out _) ? null : InvalidUnicode;
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryGetName(property, out var name))
                    {
                        return InvalidUnicode;
                    }

                    if (!names.Add(name!))
                    {
                        return $"the name {Quote(name!)} given twice (a duplicate)";
                    }

                    if (Problem(property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>True when <paramref name="text"/> has no lone surrogate (so it has a UTF-8 form).</summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyInRange('\ud800', '\udfff'))
        {
            return true;
        }

        try
        {
            Strict.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Text shown back to a caller: short, and never the whole of a huge value.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= 80)
        {
            return $"\"{text}\"";
        }

        // Never cut a surrogate pair in two: half of one is not text and cannot be written as JSON.
        var cut = char.IsHighSurrogate(text[79]) ? 79 : 80;
        return $"\"{text[..cut]}…\" ({text.Length} characters)";
    }
}
