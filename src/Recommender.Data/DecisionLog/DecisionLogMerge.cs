using Recommender.Core.Events;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// Joins a decision log's rows to the events, one user at a time, in one pass: whoever streams the events hands each
/// user's events to <see cref="AddTo"/> once, then replays <see cref="RemainingUsers"/> (users only the log knows), and
/// reads <see cref="Result"/>. Not thread-safe: one merge per pass, on one thread.
/// </summary>
/// <remarks>
/// A control row is applied once: it is left out when the user's events already hold a <c>message_sent</c> or
/// <c>decision_no_send</c> carrying its <c>decision_id</c>, or an event with its (deterministic) event id, as when the
/// log's rows were exported into the events before. A logged send is never turned into a row: the caller's
/// <c>message_sent</c> with the <c>decision_id</c> is the send; a send without one is counted and left out.
/// </remarks>
public sealed class DecisionLogMerge
{
    private readonly DecisionLogEvents _log;
    private readonly HashSet<string> _usersSeen = new(StringComparer.Ordinal);
    private long _controlRows;
    private long _alreadyInEvents;
    private long _sendsConfirmed;
    private long _usersWithoutEvents;
    private bool _remainingTaken;

    internal DecisionLogMerge(DecisionLogEvents log) => _log = log;

    /// <summary>
    /// Appends to <paramref name="events"/> (all of one user's events) the user's control rows that they do not already
    /// hold, after the events (callers put events in time order; the rows' instants are not in order with theirs).
    /// </summary>
    /// <returns>The number of rows appended.</returns>
    public int AddTo(string userId, List<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(events);
        if (_remainingTaken)
        {
            throw new InvalidOperationException("The merge's remaining users were taken already: every user's events must come first.");
        }

        if (!_log.TryGetUser(userId, out var user) || !_usersSeen.Add(userId))
        {
            return 0;
        }

        HashSet<string>? decided = null, sent = null, eventIds = null;
        foreach (var e in events)
        {
            if (e.EventType is not (EventTypes.MessageSent or EventTypes.DecisionNoSend))
            {
                continue;
            }

            (eventIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(e.EventId);
            if (EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId) is { } decisionId)
            {
                (decided ??= new HashSet<string>(StringComparer.Ordinal)).Add(decisionId);
                if (e.EventType == EventTypes.MessageSent)
                {
                    (sent ??= new HashSet<string>(StringComparer.Ordinal)).Add(decisionId);
                }
            }
        }

        if (sent is not null)
        {
            foreach (var id in user.Sends)
            {
                _sendsConfirmed += sent.Contains(id) ? 1 : 0;
            }
        }

        var added = 0;
        foreach (var (decisionId, control) in user.Controls)
        {
            if (decided?.Contains(decisionId) == true || eventIds?.Contains(control.EventId) == true)
            {
                _alreadyInEvents++;
                continue;
            }

            events.Add(control);
            added++;
        }

        _controlRows += added;
        return added;
    }

    /// <summary>
    /// The users of the log that <see cref="AddTo"/> never saw, in user-id order, each with its control rows (users with
    /// only sends have nothing to replay and are left out). Call once, after every user's events.
    /// </summary>
    public IReadOnlyList<(string UserId, List<UserEvent> Events)> RemainingUsers()
    {
        _remainingTaken = true;
        var remaining = new List<(string, List<UserEvent>)>();
        foreach (var userId in _log.UserIds.Where(id => !_usersSeen.Contains(id)).Order(StringComparer.Ordinal))
        {
            _usersSeen.Add(userId);
            _usersWithoutEvents++;
            _log.TryGetUser(userId, out var user);
            if (user.Controls.Count > 0)
            {
                remaining.Add((userId, user.Controls.Select(c => c.Event).ToList()));
                _controlRows += user.Controls.Count;
            }
        }

        return remaining;
    }

    /// <summary>What the log contributed; complete once every user's events went through <see cref="AddTo"/> and <see cref="RemainingUsers"/> was taken.</summary>
    public DecisionLogInput Result()
    {
        var read = _log.Read;
        return new DecisionLogInput(
            _log.Fingerprint, read.Files.Count, read.DecisionsReturned, read.DuplicatesSkipped,
            read.Sends, _sendsConfirmed, read.Sends - _sendsConfirmed,
            read.NoSends, _log.NoSendsWithoutCandidate, _controlRows, _alreadyInEvents, _usersWithoutEvents);
    }
}
