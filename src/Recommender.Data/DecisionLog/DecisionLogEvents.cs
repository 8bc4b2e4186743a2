using Recommender.Core.Events;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// A decision log turned into what training and evaluation learn from, following the data contract: every logged
/// decision to send nothing that scored a candidate becomes the <c>decision_no_send</c> row the events log would
/// have carried (see <see cref="ControlEvent"/>); logged sends add no row, because the caller's <c>message_sent</c>
/// carrying the <c>decision_id</c> is the send (<see cref="DecisionLogMerge"/> counts which are confirmed).
/// </summary>
/// <remarks>
/// Holds the control rows of the whole log, grouped by user (a few hundred bytes each), and the send decisions' ids,
/// so that each user's rows can join that user's events wherever the events stream meets them.
/// </remarks>
public sealed class DecisionLogEvents
{
    /// <summary>Derived rows' <c>event_id</c>: this prefix and the decision id, so that a decision gives the same row on every read.</summary>
    public const string ControlEventIdPrefix = "decision_no_send:";

    private readonly Dictionary<string, UserLog> _users;

    private DecisionLogEvents(Dictionary<string, UserLog> users, DecisionLogReadSummary read, long withoutCandidate, string fingerprint)
    {
        _users = users;
        Read = read;
        NoSendsWithoutCandidate = withoutCandidate;
        Fingerprint = fingerprint;
    }

    /// <summary>The reader's summary: files, rows, decisions by kind, duplicates, files still being written, issues.</summary>
    public DecisionLogReadSummary Read { get; }

    /// <summary>See <see cref="DecisionLogInput.NoSendsWithoutCandidate"/>.</summary>
    public long NoSendsWithoutCandidate { get; }

    /// <summary>See <see cref="DecisionLogInput.Fingerprint"/>.</summary>
    public string Fingerprint { get; }

    /// <summary>Control rows derived from the log, before any is found already in the events.</summary>
    public long ControlRows => _users.Values.Sum(u => (long)u.Controls.Count);

    /// <summary>Reads the log (see <see cref="DecisionLogParquetReader.ReadAsync"/>) and derives its control rows.</summary>
    /// <exception cref="DataValidationException">Under <see cref="ErrorPolicy.Throw"/>: a path or file that breaks the log's contract.</exception>
    public static async Task<DecisionLogEvents> ReadAsync(
        IReadOnlyList<string> paths, DecisionLogReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new DecisionLogReadOptions();
        var users = new Dictionary<string, UserLog>(StringComparer.Ordinal);
        long withoutCandidate = 0;
        await foreach (var batch in DecisionLogParquetReader.ReadAsync(paths, options, ct).ConfigureAwait(false))
        {
            foreach (var d in batch.Decisions)
            {
                if (!users.TryGetValue(d.UserId, out var user))
                {
                    users.Add(d.UserId, user = new UserLog());
                }

                if (d.IsSend)
                {
                    user.Sends.Add(d.DecisionId);
                }
                else if (ControlEvent(d) is { } control)
                {
                    user.Controls.Add((d.DecisionId, control));
                }
                else
                {
                    withoutCandidate++;
                }
            }
        }

        // Time order, ties by decision id: the rows do not depend on how the log was split into files or folders.
        foreach (var user in users.Values)
        {
            user.Controls.Sort(static (a, b) =>
                a.Event.Timestamp != b.Event.Timestamp ? a.Event.Timestamp.CompareTo(b.Event.Timestamp) : string.CompareOrdinal(a.DecisionId, b.DecisionId));
        }

        var read = options.Summary;
        var fingerprint = await FileFingerprint.ComputeAsync(read.Files.Select(f => (Path.GetFileName(f), f)), ct).ConfigureAwait(false);
        return new DecisionLogEvents(users, read, withoutCandidate, fingerprint);
    }

    /// <summary>
    /// The candidate a no-send decision held out: the scored candidate the engine ranks first, the highest priority
    /// tier and the highest expected value within it (as the decision rule arbitrates), ties to the smaller message id
    /// (ordinal). Null for a send, and for a no-send without a scored candidate.
    /// </summary>
    public static string? HeldOutMessage(DecisionLogEntry decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.IsSend)
        {
            return null;
        }

        LoggedScore? best = null;
        foreach (var s in decision.Scores)
        {
            if (best is null || s.Tier > best.Tier
                || (s.Tier == best.Tier && (s.ExpectedValue > best.ExpectedValue
                    || (s.ExpectedValue == best.ExpectedValue && string.CompareOrdinal(s.MessageId, best.MessageId) < 0))))
            {
                best = s;
            }
        }

        return best?.MessageId;
    }

    /// <summary>
    /// The <c>decision_no_send</c> event of a logged no-send decision, written as the synthetic world writes its own:
    /// at the decision's <c>as_of</c>, <c>message_id</c> the held-out candidate, properties
    /// <c>{"decision_id":…,"propensity":…}</c> with the distribution's probability of "send nothing". Its event id is
    /// <see cref="ControlEventIdPrefix"/> and the decision id. Null for a send and when nothing was held out.
    /// </summary>
    public static UserEvent? ControlEvent(DecisionLogEntry decision)
    {
        if (HeldOutMessage(decision) is not { } heldOut)
        {
            return null;
        }

        var propensity = decision.Distribution[DecisionLogColumns.NoSendAction];
        return new UserEvent(
            ControlEventIdPrefix + decision.DecisionId, decision.UserId, decision.AsOf, EventTypes.DecisionNoSend, heldOut, null,
            EventProperties.OfDecision(decision.DecisionId, propensity));
    }

    /// <summary>A merge for one pass over the events; the log itself is not changed, so any number of passes can merge it.</summary>
    public DecisionLogMerge StartMerge() => new(this);

    internal bool TryGetUser(string userId, out UserLog user) => _users.TryGetValue(userId, out user!);

    internal IEnumerable<string> UserIds => _users.Keys;

    /// <summary>One user's part of the log.</summary>
    internal sealed class UserLog
    {
        public List<(string DecisionId, UserEvent Event)> Controls { get; } = [];

        public List<string> Sends { get; } = [];
    }
}
