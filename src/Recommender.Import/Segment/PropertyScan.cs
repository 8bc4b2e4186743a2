using System.Text;
using System.Text.Json;

namespace Recommender.Import.Segment;

/// <summary>
/// The few top-level members of a call's <c>properties</c> the mapping needs (the message id, the value, the ticket,
/// the page path, a propensity to check), read in one pass over the object's bytes. Only calls that need one pay for
/// it, and only when the bytes mention a wanted name at all.
/// </summary>
internal ref struct PropertyScan
{
    public string? MessageId;
    public int MessageIdRank;
    public double? Value;
    public int ValueRank;
    public string? TicketId;
    public bool HasTicketId;
    public string? Path;
    public string? PropensityProblem;

    /// <summary>Whether <paramref name="json"/> may hold a member named <paramref name="name"/> (a backslash may hide one behind an escape).</summary>
    public static bool Mentions(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) => json.IndexOf(name) >= 0 || json.IndexOf((byte)'\\') >= 0;

    public static PropertyScan Read(ReadOnlySpan<byte> json, SegmentMapping mapping, bool wantMessage, bool wantTicket, bool wantPath)
    {
        var scan = new PropertyScan { MessageIdRank = int.MaxValue, ValueRank = int.MaxValue };
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (wantMessage && IndexOf(mapping.MessageIdProperties, name) is var m and >= 0 && m < scan.MessageIdRank && Text(ref reader) is { } id)
            {
                (scan.MessageId, scan.MessageIdRank) = (id, m);
            }

            if (IndexOf(mapping.ValueProperties, name) is var v and >= 0 && v < scan.ValueRank
                && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number))
            {
                (scan.Value, scan.ValueRank) = (number, v);
            }

            if (wantTicket && name == "ticket_id")
            {
                scan.HasTicketId = true;
            }

            if (wantTicket && name == mapping.TicketIdProperty)
            {
                scan.TicketId = Text(ref reader);
            }

            if (wantPath && name is "path" or "url" && reader.TokenType == JsonTokenType.String && (name == "path" || scan.Path is null))
            {
                var text = reader.GetString()!;
                scan.Path = name == "url" && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri.AbsolutePath : text;
            }

            if (name == "propensity" && !(reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var p) && p > 0 && p <= 1))
            {
                scan.PropensityProblem = $"properties.propensity: expected a number in (0, 1], found {Raw(ref reader)}";
            }

            reader.Skip();
        }

        return scan;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Text(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String when r.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) => s,
        JsonTokenType.Number => Encoding.UTF8.GetString(r.ValueSpan),
        _ => null,
    };

    private static string Raw(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => $"\"{r.GetString()}\"",
        _ => Encoding.UTF8.GetString(r.ValueSpan),
    };
}
