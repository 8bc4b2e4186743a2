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

    public static PropertyScan Read(ReadOnlySpan<byte> json, PropertyNames names, bool wantMessage, bool wantTicket, bool wantPath)
    {
        var scan = new PropertyScan { MessageIdRank = int.MaxValue, ValueRank = int.MaxValue };
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The name is compared where it is (escapes included), before moving on to the value.
            var m = wantMessage ? IndexOf(names.MessageIds, ref reader) : -1;
            var v = IndexOf(names.Values, ref reader);
            var isTicketId = wantTicket && reader.ValueTextEquals("ticket_id"u8);
            var isTicket = wantTicket && reader.ValueTextEquals(names.TicketId);
            var isPath = wantPath && reader.ValueTextEquals("path"u8);
            var isUrl = wantPath && !isPath && reader.ValueTextEquals("url"u8);
            var isPropensity = reader.ValueTextEquals("propensity"u8);
            reader.Read();
            if (m >= 0 && m < scan.MessageIdRank && Text(ref reader) is { } id)
            {
                (scan.MessageId, scan.MessageIdRank) = (id, m);
            }

            if (v >= 0 && v < scan.ValueRank && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number))
            {
                (scan.Value, scan.ValueRank) = (number, v);
            }

            if (isTicketId)
            {
                scan.HasTicketId = true;
            }

            if (isTicket)
            {
                scan.TicketId = Text(ref reader);
            }

            if ((isPath || isUrl) && reader.TokenType == JsonTokenType.String && (isPath || scan.Path is null))
            {
                var text = reader.GetString()!;
                scan.Path = isUrl && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri.AbsolutePath : text;
            }

            if (isPropensity && !(reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var p) && p > 0 && p <= 1))
            {
                scan.PropensityProblem = $"properties.propensity: expected a number in (0, 1], found {Raw(ref reader)}";
            }

            reader.Skip();
        }

        return scan;
    }

    private static int IndexOf(byte[][] names, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
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
