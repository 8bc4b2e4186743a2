using System.Text.Json;
using Parquet.Schema;
using Recommender.Decisioning;

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

    public static DecisionLogRow From(Decision d, string? channel)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(
            d.DecisionId, d.UserId, d.AsOf, channel, d.MessageId, d.Reason, d.Propensity, d.ModelVersion,
            JsonSerializer.Serialize(d.Distribution, DecisionLogJson.Default.IReadOnlyDictionaryStringDouble),
            JsonSerializer.Serialize(d.Scores, DecisionLogJson.Default.IReadOnlyListCandidateScore),
            JsonSerializer.Serialize(d.Suppressed, DecisionLogJson.Default.IReadOnlyListSuppression));
    }
}
