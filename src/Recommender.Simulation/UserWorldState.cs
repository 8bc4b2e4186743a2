using Recommender.Core.Catalog;

namespace Recommender.Simulation;

/// <summary>
/// The world's complete state of one user at the current simulated instant: what the recommender could
/// observe (counts, sends, opt-outs, tickets) and what it cannot (fatigue level, outcomes already drawn and
/// scheduled). Updated only by <see cref="UserSimulator"/> as events happen, in time order.
/// </summary>
public sealed class UserWorldState
{
    private readonly Dictionary<string, List<DateTime>> _eventTimes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sendsPerMessage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _lastSendPerMessage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _goalMutedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTime>> _scheduledGoals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openTickets = new(StringComparer.Ordinal);
    private readonly HashSet<MessageCategory> _unsubscribedCategories = [];
    private readonly List<DateTime> _ticketOpenings = [];
    private readonly List<DateTime> _sendTimes = [];
    private readonly TimeZoneInfo _timeZone;
    private double _fatigue;
    private DateTime _fatigueAt;

    public UserWorldState(SimulatedUser user, WorldOptions options)
    {
        User = user;
        Options = options;
        _fatigueAt = user.SignupAt;
        _timeZone = TimeZoneInfo.FindSystemTimeZoneById(user.Profile.Timezone ?? "UTC");
    }

    public SimulatedUser User { get; }

    public WorldOptions Options { get; }

    public bool UnsubscribedAll { get; private set; }

    public bool Complained { get; private set; }

    /// <summary>Instant of an unsubscribe or complaint already drawn and waiting to happen, if any.</summary>
    public DateTime? PendingOptOut { get; set; }

    public DateTime? LastSendAt { get; private set; }

    public int OpenTicketCount => _openTickets.Count;

    /// <summary>The user's local hour of day at <paramref name="at"/> (UTC).</summary>
    public int LocalHour(DateTime at) => TimeZoneInfo.ConvertTimeFromUtc(at, _timeZone).Hour;

    public IReadOnlyCollection<MessageCategory> UnsubscribedCategories => _unsubscribedCategories;

    public int Count(string eventType) => _eventTimes.TryGetValue(eventType, out var times) ? times.Count : 0;

    public bool HasDone(string eventType) => _eventTimes.ContainsKey(eventType);

    /// <summary>Occurrences of <paramref name="eventType"/> in (from, to].</summary>
    public int CountWithin(string eventType, DateTime from, DateTime to)
    {
        if (!_eventTimes.TryGetValue(eventType, out var times))
        {
            return 0;
        }

        var n = 0;
        for (var i = times.Count - 1; i >= 0 && times[i] > from; i--)
        {
            if (times[i] <= to)
            {
                n++;
            }
        }

        return n;
    }

    public int SendsOf(string messageId) => _sendsPerMessage.GetValueOrDefault(messageId);

    public DateTime? LastSendOf(string messageId) =>
        _lastSendPerMessage.TryGetValue(messageId, out var at) ? at : null;

    public bool IsUnsubscribedFrom(MessageCategory category) =>
        category != MessageCategory.Transactional && (UnsubscribedAll || _unsubscribedCategories.Contains(category));

    public int SendsSince(DateTime since)
    {
        var n = 0;
        for (var i = _sendTimes.Count - 1; i >= 0 && _sendTimes[i] > since; i--)
        {
            n++;
        }

        return n;
    }

    public int TicketsSince(DateTime since)
    {
        var n = 0;
        for (var i = _ticketOpenings.Count - 1; i >= 0 && _ticketOpenings[i] > since; i--)
        {
            n++;
        }

        return n;
    }

    /// <summary>Fatigue: each send adds one, and the sum decays exponentially over days.</summary>
    public double FatigueAt(DateTime at)
    {
        var days = (at - _fatigueAt).TotalDays;
        return days <= 0 ? _fatigue : _fatigue * Math.Exp(-days / Options.FatigueHalfLifeDays);
    }

    public double DaysSinceSignup(DateTime at) => Math.Max(0, (at - User.SignupAt).TotalDays);

    public bool IsGoalMuted(string goal, DateTime at) =>
        _goalMutedUntil.TryGetValue(goal, out var until) && at < until;

    /// <summary>True when a goal event has already been drawn to happen in (from, to].</summary>
    public bool HasScheduledGoal(string goal, DateTime from, DateTime to)
    {
        if (!_scheduledGoals.TryGetValue(goal, out var times))
        {
            return false;
        }

        foreach (var t in times)
        {
            if (t > from && t <= to)
            {
                return true;
            }
        }

        return false;
    }

    internal void OpenGoalWindow(string goal, DateTime until)
    {
        if (!_goalMutedUntil.TryGetValue(goal, out var current) || current < until)
        {
            _goalMutedUntil[goal] = until;
        }
    }

    internal void ScheduleGoal(string goal, DateTime at)
    {
        if (!_scheduledGoals.TryGetValue(goal, out var times))
        {
            times = [];
            _scheduledGoals[goal] = times;
        }

        times.Add(at);
    }

    internal void RecordSend(string messageId, DateTime at)
    {
        _fatigue = FatigueAt(at) + 1;
        _fatigueAt = at;
        _sendsPerMessage[messageId] = SendsOf(messageId) + 1;
        _lastSendPerMessage[messageId] = at;
        _sendTimes.Add(at);
        LastSendAt = at;
    }

    internal void RecordEvent(string eventType, DateTime at)
    {
        if (!_eventTimes.TryGetValue(eventType, out var seen))
        {
            seen = [];
            _eventTimes[eventType] = seen;
        }

        seen.Add(at);
        if (_scheduledGoals.TryGetValue(eventType, out var times))
        {
            times.Remove(at);
        }
    }

    internal void OpenTicket(string ticketId, DateTime at)
    {
        _openTickets.Add(ticketId);
        _ticketOpenings.Add(at);
    }

    internal void CloseTicket(string ticketId) => _openTickets.Remove(ticketId);

    internal void Unsubscribe(MessageCategory? category)
    {
        if (category is { } c)
        {
            _unsubscribedCategories.Add(c);
        }
        else
        {
            UnsubscribedAll = true;
        }
    }

    internal void Complain() => Complained = true;
}
