using Parquet.Schema;

namespace Recommender.Data.Events;

/// <summary>The columns of the <c>events</c> table, as the data contract names them, and the schema we write.</summary>
internal static class EventColumns
{
    public const string EventId = "event_id";
    public const string UserId = "user_id";
    public const string Timestamp = "timestamp";
    public const string EventType = "event_type";
    public const string MessageId = "message_id";
    public const string Value = "value";
    public const string Properties = "properties";

    /// <summary>
    /// Microsecond UTC timestamps: the unit every Parquet consumer (Spark, DuckDB, pandas, Polars) reads
    /// without options. Sub-microsecond ticks are truncated on write.
    /// </summary>
    public static ParquetSchema Schema { get; } = new(
        new DataField<string>(EventId, false),
        new DataField<string>(UserId, false),
        new DateTimeDataField(Timestamp, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>(EventType, false),
        new DataField<string>(MessageId, true),
        new DataField<double>(Value, true),
        new DataField<string>(Properties, true));
}
