using Parquet.Schema;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>
/// The columns of one events file, checked against the contract before any row is read:
/// a missing or mistyped column is one clear file-level issue, not a million row-level ones.
/// </summary>
internal sealed record EventFields(
    DataField EventId,
    DataField UserId,
    DataField Timestamp,
    DataField EventType,
    DataField? MessageId,
    DataField? Value,
    DataField? Properties)
{
    private const string StringColumn = "a string column";
    private const string TimestampColumn = "a UTC timestamp column";
    private const string NumberColumn = "a double column";

    /// <summary>The file's fields, or null (with issues recorded) when the file cannot be read as events.</summary>
    public static EventFields? Resolve(ParquetSchema schema, string file, IssueBuffer issues)
    {
        var resolver = new ColumnResolver(schema, file, issues);
        var eventId = resolver.Required(EventColumns.EventId, StringColumn, ParquetTable.IsString);
        var userId = resolver.Required(EventColumns.UserId, StringColumn, ParquetTable.IsString);
        var timestamp = resolver.Required(EventColumns.Timestamp, TimestampColumn, ParquetTable.IsTimestamp);
        var eventType = resolver.Required(EventColumns.EventType, StringColumn, ParquetTable.IsString);
        var messageId = resolver.Optional(EventColumns.MessageId, StringColumn, ParquetTable.IsString);
        var value = resolver.Optional(EventColumns.Value, NumberColumn, ParquetTable.IsNumber);
        var properties = resolver.Optional(EventColumns.Properties, "a string column holding JSON objects", ParquetTable.IsString);

        if (timestamp is DateTimeDataField { DateTimeFormat: not DateTimeFormat.Impala, IsAdjustedToUTC: false })
        {
            issues.Warning(file, null, EventColumns.Timestamp, "a UTC timestamp column (isAdjustedToUTC = true)",
                "a timestamp without time zone; its values are read as UTC");
        }

        if (resolver.Failed)
        {
            return null;
        }

        return new EventFields(eventId!, userId!, timestamp!, eventType!, messageId, value, properties);
    }
}
