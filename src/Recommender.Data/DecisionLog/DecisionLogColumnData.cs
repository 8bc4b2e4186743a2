using Parquet;
using Recommender.Data.Tables;

namespace Recommender.Data.DecisionLog;

/// <summary>The raw columns of one decision log row group, before row validation.</summary>
internal sealed record DecisionLogColumnData(
    string?[] DecisionIds,
    string?[] UserIds,
    DateTime?[] AsOf,
    string?[]? Channels,
    string?[] MessageIds,
    string?[] Reasons,
    double?[] Propensities,
    string?[]? ModelVersions,
    string?[] Distributions,
    string?[] Scores,
    string?[]? Suppressed,
    DateTime?[]? SendAt = null,
    string?[]? SendChannels = null,
    double?[]? SendTimePropensities = null)
{
    public static async Task<DecisionLogColumnData> ReadAsync(
        ParquetRowGroupReader group, DecisionLogFields fields, int rows, CancellationToken ct) =>
        new(
            await ParquetColumns.ReadStringsAsync(group, fields.DecisionId, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.UserId, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadTimestampsAsync(group, fields.AsOf, rows, ct).ConfigureAwait(false),
            fields.Channel is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.Channel, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.MessageId, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.Reason, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadNumbersAsync(group, fields.Propensity, rows, ct).ConfigureAwait(false),
            fields.ModelVersion is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.ModelVersion, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.Distribution, rows, ct).ConfigureAwait(false),
            await ParquetColumns.ReadStringsAsync(group, fields.Scores, rows, ct).ConfigureAwait(false),
            fields.Suppressed is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.Suppressed, rows, ct).ConfigureAwait(false),
            fields.SendAt is null ? null : await ParquetColumns.ReadTimestampsAsync(group, fields.SendAt, rows, ct).ConfigureAwait(false),
            fields.SendChannel is null ? null : await ParquetColumns.ReadStringsAsync(group, fields.SendChannel, rows, ct).ConfigureAwait(false),
            fields.SendTimePropensity is null ? null : await ParquetColumns.ReadNumbersAsync(group, fields.SendTimePropensity, rows, ct).ConfigureAwait(false));
}
