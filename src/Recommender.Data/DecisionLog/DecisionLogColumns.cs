namespace Recommender.Data.DecisionLog;

/// <summary>
/// The decision log's file names, column names and the key of the "send nothing" action: what the API's writer and
/// <see cref="DecisionLogParquetReader"/> must agree on; <see cref="DecisionLogSchema"/> gives the columns' types and order.
/// </summary>
public static class DecisionLogColumns
{
    /// <summary>The name of a complete log file; the writer renames <c>*.parquet.tmp</c> to it once the footer is written.</summary>
    public const string FilePattern = "decisions-*.parquet";

    public const string FilePrefix = "decisions-";
    public const string FileExtension = ".parquet";

    /// <summary>A file still being written: never read (a Parquet file without its footer cannot be read anyway).</summary>
    public const string InProgressExtension = ".parquet.tmp";

    public const string DecisionId = "decision_id";
    public const string UserId = "user_id";
    public const string AsOf = "as_of";
    public const string Channel = "channel";
    public const string MessageId = "message_id";
    public const string Reason = "reason";
    public const string Propensity = "propensity";
    public const string ModelVersion = "model_version";
    public const string Distribution = "distribution";
    public const string Scores = "scores";
    public const string Suppressed = "suppressed";

    /// <summary>A scheduled send's instant (a look-ahead decision's <c>send_at</c>); null for "now only" and "send nothing". Absent from logs written before send times.</summary>
    public const string SendAt = "send_at";

    /// <summary>
    /// The channel a scheduled send goes out on (the answer's <c>channel</c>). Not <see cref="Channel"/>, which has
    /// always been the request's channel filter.
    /// </summary>
    public const string SendChannel = "send_channel";

    /// <summary>P(send instant and channel | message) of a scheduled send; the logged action's joint propensity is <see cref="Propensity"/> × this.</summary>
    public const string SendTimePropensity = "send_time_propensity";

    /// <summary>The key of the "send nothing" action in <see cref="Distribution"/> (the engine's <c>Decision.NoSendAction</c>).</summary>
    public const string NoSendAction = "(none)";
}
