using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Recommender.Core.Events;

/// <summary>
/// Reads one top-level property out of an event's <c>properties</c> JSON without building a document:
/// the fold and the example builder look at a single field of a few event types, millions of times.
/// Malformed JSON reads as "absent": the data reader rejects it upstream, and the fold must not fail on
/// an event the caller chose to pass anyway.
/// </summary>
public static class EventPropertyReader
{
    private const int StackBytes = 512;

    /// <summary>The string value of <paramref name="name"/>, or null when absent, not a string, or the JSON is malformed.</summary>
    public static string? GetString(string? json, string name) => Read(json, name, ReadString);

    /// <summary>The numeric value of <paramref name="name"/>, or null when absent, not a number, or the JSON is malformed.</summary>
    public static double? GetDouble(string? json, string name) => Read(json, name, ReadDouble);

    private delegate T ValueReader<out T>(ref Utf8JsonReader reader);

    private static readonly ValueReader<string?> ReadString =
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.String ? r.GetString() : null;

    private static readonly ValueReader<double?> ReadDouble =
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var value) ? value : null;

    /// <summary>Finds the top-level property <paramref name="name"/> and hands its value to <paramref name="value"/>; default when absent or malformed.</summary>
    private static T? Read<T>(string? json, string name, ValueReader<T?> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!MayContain(json, name))
        {
            return default;
        }

        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(json!.Length);
        var buffer = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var reader = new Utf8JsonReader(buffer[..Encoding.UTF8.GetBytes(json, buffer)]);
            return MoveToValue(ref reader, name) ? value(ref reader) : default;
        }
        catch (JsonException)
        {
            return default;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // A cheap substring test first: most properties do not carry the field asked for. A backslash may hide the
    // name behind an escape, so then the parser decides.
    private static bool MayContain(string? json, string name) =>
        !string.IsNullOrEmpty(json) && (json.Contains(name, StringComparison.Ordinal) || json.Contains('\\'));

    /// <summary>Positions the reader on the value of the top-level property <paramref name="name"/>.</summary>
    private static bool MoveToValue(ref Utf8JsonReader reader, string name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            if (!reader.Read())
            {
                return false;
            }

            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
