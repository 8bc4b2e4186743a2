using Parquet.Schema;

namespace Recommender.Api.Planning;

/// <summary>
/// The columns of a plan file, in order, for Parquet and CSV alike. The scalar columns are the decision's own fields;
/// <c>decision</c> is the whole decision as <c>POST /v1/decisions</c> answers it (JSON, byte for byte), so a field a
/// decision gains reaches the plan without a change here, and a reader can check a row against the API.
/// </summary>
public static class PlanColumns
{
    public const string UserId = "user_id";
    public const string DecisionId = "decision_id";
    public const string AsOf = "as_of";
    public const string MessageId = "message_id";
    public const string Reason = "reason";
    public const string Propensity = "propensity";
    public const string ModelVersion = "model_version";
    public const string Decision = "decision";

    public static IReadOnlyList<string> Names { get; } = [UserId, DecisionId, AsOf, MessageId, Reason, Propensity, ModelVersion, Decision];

    public static ParquetSchema Schema { get; } = new(
        new DataField<string>(UserId, false),
        new DataField<string>(DecisionId, false),
        new DateTimeDataField(AsOf, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>(MessageId, true),
        new DataField<string>(Reason, false),
        new DataField<double>(Propensity, false),
        new DataField<string>(ModelVersion, true),
        new DataField<string>(Decision, false));
}
