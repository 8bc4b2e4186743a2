using Parquet.Schema;

namespace Recommender.Api.Planning;

/// <summary>
/// The columns of a plan file, in order, for Parquet and CSV alike. The scalar columns are the decision's own fields;
/// <c>decision</c> is the whole decision as <c>POST /v1/decisions</c> answers it (JSON, byte for byte), so a field a
/// decision gains reaches the plan without a change here, and a reader can check a row against the API. A plan with a
/// look-ahead adds <c>send_at</c> and <c>channel</c> after them; a "now only" plan has exactly the columns it always had.
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

    /// <summary>A scheduled send's instant; only in a plan with a look-ahead (<see cref="PlanSettings.SendTime"/>), null when nothing is sent.</summary>
    public const string SendAt = "send_at";

    /// <summary>A scheduled send's channel; only in a plan with a look-ahead, null when nothing is sent.</summary>
    public const string Channel = "channel";

    public static IReadOnlyList<string> Names { get; } = [UserId, DecisionId, AsOf, MessageId, Reason, Propensity, ModelVersion, Decision];

    /// <summary>The columns of a plan with a look-ahead: <see cref="Names"/>, then <c>send_at</c> and <c>channel</c>.</summary>
    public static IReadOnlyList<string> NamesWithSendTimes { get; } = [.. Names, SendAt, Channel];

    /// <summary>The column names of a plan with (<paramref name="sendTimes"/>) or without a look-ahead.</summary>
    public static IReadOnlyList<string> For(bool sendTimes) => sendTimes ? NamesWithSendTimes : Names;

    /// <summary>The schema of a plan with (<paramref name="sendTimes"/>) or without a look-ahead.</summary>
    public static ParquetSchema SchemaFor(bool sendTimes) => sendTimes ? SchemaWithSendTimes : Schema;

    public static ParquetSchema Schema { get; } = new(
        new DataField<string>(UserId, false),
        new DataField<string>(DecisionId, false),
        new DateTimeDataField(AsOf, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>(MessageId, true),
        new DataField<string>(Reason, false),
        new DataField<double>(Propensity, false),
        new DataField<string>(ModelVersion, true),
        new DataField<string>(Decision, false));

    public static ParquetSchema SchemaWithSendTimes { get; } = new(
        [.. Schema.DataFields,
        new DateTimeDataField(SendAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        new DataField<string>(Channel, true)]);
}
