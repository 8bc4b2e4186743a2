using Parquet.Schema;
using C = Recommender.Data.DecisionLog.DecisionLogColumns;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// The columns of a decision log file as the API writes them, in order: the file format, kept here beside its reader
/// (<see cref="DecisionLogParquetReader"/>) so the writer and every test file use one definition. The distribution,
/// scores and suppressions are JSON text (the API's answer's own): nested and varying per decision, and every Parquet
/// reader can unpack them. The three send-time columns come last and are null for "now only" decisions; logs written
/// before them lack them and still read.
/// </summary>
public static class DecisionLogSchema
{
    public static ParquetSchema Schema { get; } = new(
        new DataField<string>(C.DecisionId, false),
        new DataField<string>(C.UserId, false),
        new DateTimeDataField(C.AsOf, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        new DataField<string>(C.Channel, true),
        new DataField<string>(C.MessageId, true),
        new DataField<string>(C.Reason, false),
        new DataField<double>(C.Propensity, false),
        new DataField<string>(C.ModelVersion, true),
        new DataField<string>(C.Distribution, false),
        new DataField<string>(C.Scores, false),
        new DataField<string>(C.Suppressed, false),
        new DateTimeDataField(C.SendAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        new DataField<string>(C.SendChannel, true),
        new DataField<double?>(C.SendTimePropensity, true));
}
