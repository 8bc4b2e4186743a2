namespace Recommender.Data.Tests.Events;

/// <summary>
/// Three valid events as raw columns. A test breaks one cell or swaps one column for a mistyped one,
/// then writes the file with <see cref="RawParquet"/>.
/// </summary>
internal sealed class EventRows
{
    public static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public string?[] EventId { get; } = ["e0", "e1", "e2"];

    public string?[] UserId { get; } = ["u0", "u1", "u1"];

    public DateTime?[] Timestamp { get; } = [T0, T0.AddMinutes(1), T0.AddMinutes(2)];

    public string?[] EventType { get; } = ["project_created", "message_sent", "message_opened"];

    public string?[] MessageId { get; } = [null, "welcome", "welcome"];

    public double?[] Value { get; } = [3, null, null];

    public string?[] Properties { get; } = [null, """{"propensity":0.5,"decision_id":"d1"}""", "{}"];

    /// <summary>Columns to write instead of the standard one with the same name (or to drop, when null).</summary>
    public Dictionary<string, RawColumn?> Replace { get; } = new(StringComparer.Ordinal);

    public RawColumn[] Columns()
    {
        RawColumn[] standard =
        [
            RawColumn.Strings("event_id", EventId),
            RawColumn.Strings("user_id", UserId),
            RawColumn.Timestamps("timestamp", Timestamp),
            RawColumn.Strings("event_type", EventType),
            RawColumn.Strings("message_id", MessageId),
            RawColumn.Doubles("value", Value),
            RawColumn.Strings("properties", Properties),
        ];
        return standard
            .Select(c => Replace.TryGetValue(c.Field.Name, out var replacement) ? replacement : c)
            .OfType<RawColumn>()
            .ToArray();
    }

    public Task WriteAsync(string path) => RawParquet.WriteAsync(path, Columns());
}
