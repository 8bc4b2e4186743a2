using System.Globalization;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Cli.Commands;

/// <summary>The line <c>train</c> and <c>evaluate</c> print about a <c>--decision-log</c>: what was read and what it gave.</summary>
internal static class DecisionLogLine
{
    public const string OptionDescription =
        "A folder of the API's decision log (decisions-*.parquet; files still being written, *.parquet.tmp, are left out). " +
        "Repeat for several folders (one per server); a decision read twice counts once. Its decisions to send nothing join " +
        "the events as control rows (decision_no_send); its sends count only through the events' message_sent carrying the decision_id.";

    public static string Describe(DecisionLogInput log, long filesInProgress)
    {
        var c = CultureInfo.InvariantCulture;
        var inProgress = filesInProgress > 0 ? string.Format(c, " ({0:N0} still being written, left out)", filesInProgress) : "";
        var duplicates = log.DuplicatesSkipped > 0 ? string.Format(c, ", {0:N0} repeated decision ids skipped", log.DuplicatesSkipped) : "";
        return string.Format(
            c,
            "decision log: {0:N0} decisions from {1:N0} file{12}{2}{3}; {4:N0} sends ({5:N0} confirmed by a message_sent, {6:N0} unconfirmed and left out); " +
            "{7:N0} no-sends gave {8:N0} control rows ({9:N0} already in the events, {10:N0} without a scored candidate); {11:N0} users only in the log",
            log.Decisions, log.Files, inProgress, duplicates, log.Sends, log.SendsConfirmed, log.SendsUnconfirmed,
            log.NoSends, log.ControlRows, log.ControlRowsAlreadyInEvents, log.NoSendsWithoutCandidate, log.UsersWithoutEvents,
            log.Files == 1 ? "" : "s");
    }
}
