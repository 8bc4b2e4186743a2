namespace Recommender.Data.Events;

/// <summary>
/// One text value of an event handed to <see cref="Utf8EventRows"/> or <see cref="EventRowGroup"/>: a string the caller
/// already has, or the UTF-8 bytes it was read from (an importer's input line), which the rows copy (or decode) into
/// their own buffer so that no string is made for it. The default is no value (a null in a nullable column).
/// </summary>
public readonly ref struct EventText
{
    private EventText(string? text, ReadOnlySpan<byte> utf8, bool isUtf8)
    {
        String = text;
        Utf8 = utf8;
        IsUtf8 = isUtf8;
    }

    /// <summary>The value as a string, when it was given as one.</summary>
    public string? String { get; }

    /// <summary>The value's UTF-8 bytes, when <see cref="IsUtf8"/>.</summary>
    public ReadOnlySpan<byte> Utf8 { get; }

    public bool IsUtf8 { get; }

    public bool IsNull => !IsUtf8 && String is null;

    public static EventText FromUtf8(ReadOnlySpan<byte> utf8) => new(null, utf8, isUtf8: true);

    public static implicit operator EventText(string? text) => new(text, default, isUtf8: false);

    /// <summary>The value as a string (allocates for UTF-8 bytes): for messages, not for the rows.</summary>
    public override string? ToString() => IsUtf8 ? System.Text.Encoding.UTF8.GetString(Utf8) : String;
}
