using Parquet.Schema;

namespace Recommender.Api.DecisionLog;

/// <summary>
/// The columns of a decision log file, in order. The distribution, scores and suppressions are JSON text (the answer's
/// own, see <c>DecisionDocument</c>): nested and varying per decision, and every Parquet reader can unpack them.
/// Recommender.Data's <c>DecisionLogColumns</c> names the same columns for the readers (a test holds them equal).
/// </summary>
public static class DecisionLogSchema
{
    public static ParquetSchema Schema { get; } = new(
        new DataField<string>("decision_id", false),
        new DataField<string>("user_id", false),
        new DateTimeDataField("as_of", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>("channel", true),
        new DataField<string>("message_id", true),
        new DataField<string>("reason", false),
        new DataField<double>("propensity", false),
        new DataField<string>("model_version", true),
        new DataField<string>("distribution", false),
        new DataField<string>("scores", false),
        new DataField<string>("suppressed", false));
}
