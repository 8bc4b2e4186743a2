using System.Text;
using Parquet.Schema;
using Recommender.Api.Decisions;

namespace Recommender.Api.DecisionLog;

/// <summary>
/// One row of the decision log. The distribution, scores and suppressions are JSON strings: nested and varying
/// per decision, and every Parquet reader can unpack them.
/// </summary>
public sealed record DecisionLogRow(
    string DecisionId, string UserId, DateTime AsOf, string? Channel, string? MessageId, string Reason,
    double Propensity, string? ModelVersion, string Distribution, string Scores, string Suppressed)
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

    /// <summary>The row of a decision already written for its answer: the JSON columns are slices of that text.</summary>
    public static DecisionLogRow From(DecisionDocument document, string? channel)
    {
        ArgumentNullException.ThrowIfNull(document);
        var d = document.Decision;
        return new(
            d.DecisionId, d.UserId, d.AsOf, channel, d.MessageId, d.Reason, d.Propensity, d.ModelVersion,
            Encoding.UTF8.GetString(document.Distribution),
            Encoding.UTF8.GetString(document.Scores),
            Encoding.UTF8.GetString(document.Suppressed));
    }
}
