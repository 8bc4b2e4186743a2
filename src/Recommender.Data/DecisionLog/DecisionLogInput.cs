namespace Recommender.Data.DecisionLog;

/// <summary>
/// What a decision log contributed to a run (<c>train</c>'s manifest, <c>evaluate</c>'s report): which log, how many
/// decisions of each kind, and what became of them. <c>sends = sends_confirmed + sends_unconfirmed</c> and
/// <c>no_sends = control_rows + control_rows_already_in_events + no_sends_without_candidate</c>.
/// </summary>
/// <param name="Fingerprint">SHA-256 over the names, lengths and bytes of the log files read (<see cref="FileFingerprint"/>).</param>
/// <param name="Files">Complete log files read.</param>
/// <param name="Decisions">Decisions read, repeated decision ids left out.</param>
/// <param name="DuplicatesSkipped">Rows whose <c>decision_id</c> had been read before.</param>
/// <param name="Sends">Decisions that chose a message.</param>
/// <param name="SendsConfirmed">Sends with a <c>message_sent</c> carrying their <c>decision_id</c> in the events: the events' row is the send.</param>
/// <param name="SendsUnconfirmed">Sends no <c>message_sent</c> confirms: left out, the log does not say the message went out.</param>
/// <param name="NoSends">Decisions to send nothing.</param>
/// <param name="NoSendsWithoutCandidate">No-send decisions with no scored candidate (all suppressed, no state): nothing held out, no row.</param>
/// <param name="ControlRows">No-send decisions merged into the events as <c>decision_no_send</c> rows.</param>
/// <param name="ControlRowsAlreadyInEvents">No-send decisions whose <c>decision_id</c> (or derived event id) the events already hold: applied once.</param>
/// <param name="UsersWithoutEvents">Users of the log with no event in the data folder (their control rows are replayed all the same).</param>
public sealed record DecisionLogInput(
    string Fingerprint,
    long Files,
    long Decisions,
    long DuplicatesSkipped,
    long Sends,
    long SendsConfirmed,
    long SendsUnconfirmed,
    long NoSends,
    long NoSendsWithoutCandidate,
    long ControlRows,
    long ControlRowsAlreadyInEvents,
    long UsersWithoutEvents);
