using Parquet.Schema;
using Recommender.Data.Tables;
using Recommender.Data.Validation;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// The columns of one decision log file, checked before any row is read. What the derivation of control rows needs is
/// required; <c>channel</c>, <c>model_version</c> and <c>suppressed</c> only describe the decision and may be absent, and
/// so may the send-time columns (<c>send_at</c>, <c>send_channel</c>, <c>send_time_propensity</c>), which logs written
/// before send times lack.
/// </summary>
internal sealed record DecisionLogFields(
    DataField DecisionId,
    DataField UserId,
    DataField AsOf,
    DataField? Channel,
    DataField MessageId,
    DataField Reason,
    DataField Propensity,
    DataField? ModelVersion,
    DataField Distribution,
    DataField Scores,
    DataField? Suppressed,
    DataField? SendAt = null,
    DataField? SendChannel = null,
    DataField? SendTimePropensity = null)
{
    private const string StringColumn = "a string column";
    private const string JsonColumn = "a string column holding JSON";

    /// <summary>The file's fields, or null (with issues recorded) when the file cannot be read as a decision log.</summary>
    public static DecisionLogFields? Resolve(ParquetSchema schema, string file, IssueBuffer issues)
    {
        var resolver = new ColumnResolver(schema, file, issues);
        var decisionId = resolver.Required(DecisionLogColumns.DecisionId, StringColumn, ParquetTable.IsString);
        var userId = resolver.Required(DecisionLogColumns.UserId, StringColumn, ParquetTable.IsString);
        var asOf = resolver.Required(DecisionLogColumns.AsOf, "a UTC timestamp column", ParquetTable.IsTimestamp);
        var channel = resolver.Optional(DecisionLogColumns.Channel, StringColumn, ParquetTable.IsString);
        var messageId = resolver.Required(DecisionLogColumns.MessageId, StringColumn + " (null for \"send nothing\")", ParquetTable.IsString);
        var reason = resolver.Required(DecisionLogColumns.Reason, StringColumn, ParquetTable.IsString);
        var propensity = resolver.Required(DecisionLogColumns.Propensity, "a double column", ParquetTable.IsNumber);
        var modelVersion = resolver.Optional(DecisionLogColumns.ModelVersion, StringColumn, ParquetTable.IsString);
        var distribution = resolver.Required(DecisionLogColumns.Distribution, JsonColumn, ParquetTable.IsString);
        var scores = resolver.Required(DecisionLogColumns.Scores, JsonColumn, ParquetTable.IsString);
        var suppressed = resolver.Optional(DecisionLogColumns.Suppressed, JsonColumn, ParquetTable.IsString);
        var sendAt = resolver.Optional(DecisionLogColumns.SendAt, "a UTC timestamp column", ParquetTable.IsTimestamp);
        var sendChannel = resolver.Optional(DecisionLogColumns.SendChannel, StringColumn, ParquetTable.IsString);
        var sendTimePropensity = resolver.Optional(DecisionLogColumns.SendTimePropensity, "a double column", ParquetTable.IsNumber);

        if (asOf is DateTimeDataField { DateTimeFormat: not DateTimeFormat.Impala, IsAdjustedToUTC: false })
        {
            issues.Warning(file, null, DecisionLogColumns.AsOf, "a UTC timestamp column (isAdjustedToUTC = true)",
                "a timestamp without time zone; its values are read as UTC");
        }

        return resolver.Failed
            ? null
            : new DecisionLogFields(decisionId!, userId!, asOf!, channel, messageId!, reason!, propensity!, modelVersion, distribution!, scores!, suppressed,
                sendAt, sendChannel, sendTimePropensity);
    }
}
