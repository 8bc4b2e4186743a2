using Parquet;
using Recommender.Data.Tables;

namespace Recommender.Data.Events;

/// <summary>The raw columns of one events row group, before row validation.</summary>
internal sealed record EventColumnData(
    string?[] EventIds,
    string?[] UserIds,
    DateTime?[] Timestamps,
    string?[] EventTypes,
    string?[]? MessageIds,
    double?[]? Values,
    string?[]? Properties)
{
    public static async Task<EventColumnData> ReadAsync(
        ParquetRowGroupReader group, EventFields fields, int rows, CancellationToken ct) =>
        new(
            await ParquetColumns.ReadStringsAsync(group, fields.EventId, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.UserId, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadTimestampsAsync(group, fields.Timestamp, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.EventType, rows, ct).ConfigureAwait(false),
            fields.MessageId is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.MessageId, rows, ct).ConfigureAwait(false),
            fields.Value is null ? null : await ParquetColumns.ReadNumbersAsync(group, fields.Value, rows, ct).ConfigureAwait(false),
            fields.Properties is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.Properties, rows, ct).ConfigureAwait(false));
}
