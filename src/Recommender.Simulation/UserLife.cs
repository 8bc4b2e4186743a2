using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Randomness;

namespace Recommender.Simulation;

/// <summary>
/// One user's life, lived once by <see cref="UserSimulator"/>: a time-ordered queue of organic events, scheduled
/// outcomes and decision points, processed in order while the world state and the emitted log grow together.
/// </summary>
internal sealed class UserLife
{
    private readonly UserSimulator _sim;
    private readonly SimulatedUser _user;
    private readonly UserWorldState _state;
    private readonly DeterministicRandom _rng;
    private readonly ISendPolicy _policy;
    private readonly PriorityQueue<Pending, (long Ticks, long Seq)> _queue = new();
    private readonly Dictionary<string, DateTime> _triggerFiredAt = new(StringComparer.Ordinal);
    private long _seq;
    private int _eventSeq;
    private int _decisionSeq;
    private int _ticketSeq;

    /// <summary>A send scheduled for later and not yet out: the user gets no other decision until it goes.</summary>
    private bool _deliveryPending;

    public UserLife(UserSimulator sim, SimulatedUser user)
    {
        _sim = sim;
        _user = user;
        _state = new UserWorldState(user, sim.Options);
        _rng = DeterministicRandom.For(sim.Options.Seed, (ulong)user.Index * 2 + 2);
        _policy = sim.PolicyFactory(DeterministicRandom.For(sim.Options.Seed ^ 0x5EED_0F_D0C5UL, (ulong)user.Index));
    }

    public List<UserEvent> Events { get; } = [];

    private WorldOptions Options => _sim.Options;

    public void Live()
    {
        Emit(ProductEvents.SignedUp, _user.SignupAt);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(_user.Timezone);
        var localDate = Local(tz, _user.SignupAt).Date;
        while (true)
        {
            var dayStart = ToUtc(tz, localDate);
            if (dayStart >= Options.End)
            {
                break;
            }

            var dayEnd = ToUtc(tz, localDate.AddDays(1));
            PlanDay(dayStart);
            Drain(dayEnd);
            localDate = localDate.AddDays(1);
        }

        Drain(Options.End);
    }

    private void PlanDay(DateTime dayStart)
    {
        if (_rng.Bernoulli(OrganicBehaviour.Activity(_state, dayStart)))
        {
            foreach (var type in OrganicBehaviour.DailyTypes)
            {
                var n = _rng.Poisson(OrganicBehaviour.PerActiveDay(_state, type));
                for (var i = 0; i < n; i++)
                {
                    // The user's own hours: one draw, as before, mapped through their activity by local hour.
                    Enqueue(new Pending(PendingKind.Organic, type), dayStart.AddHours(_user.Traits.Arrival.OrganicHour(_rng.NextDouble())));
                }
            }

            if (_rng.Bernoulli(OrganicBehaviour.InviteBurstProbability(_state)))
            {
                var start = dayStart.AddHours(8 + 10 * _rng.NextDouble());
                var size = 5 + _rng.Poisson(OrganicBehaviour.MeanBurstSize - 5);
                for (var i = 0; i < size; i++)
                {
                    Enqueue(new Pending(PendingKind.Organic, ProductEvents.TeammateInvited), start.AddHours(3 * _rng.NextDouble()));
                }
            }
        }

        if (_rng.Bernoulli(Options.DailyDecisionProbability))
        {
            Enqueue(new Pending(PendingKind.Decision, null), dayStart.AddHours(9 + 9 * _rng.NextDouble()));
        }
    }

    private void Drain(DateTime until)
    {
        while (_queue.TryPeek(out var item, out var key) && key.Ticks < until.Ticks)
        {
            _queue.Dequeue();
            var at = new DateTime(key.Ticks, DateTimeKind.Utc);
            if (at < _user.SignupAt || at >= Options.End)
            {
                continue;
            }

            switch (item.Kind)
            {
                case PendingKind.Organic when !_state.IsGoalMuted(item.EventType!, at):
                    EmitOrganic(item.EventType!, at);
                    break;
                case PendingKind.Scheduled:
                    Apply(item.Event! with { Timestamp = at });
                    break;
                case PendingKind.Decision:
                    Decide(at, item.Message);
                    break;
                case PendingKind.Delivery:
                    _deliveryPending = false;
                    if (StillReachable(item.Message!))
                    {
                        Send(item.Message!, at, item.DecisionId!, item.Properties!);
                    }

                    break;
            }
        }
    }

    private void EmitOrganic(string type, DateTime at)
    {
        if (type == EventTypes.TicketOpened)
        {
            var ticketId = $"{_user.Profile.UserId}-t{++_ticketSeq}";
            var props = $"{{\"ticket_id\":\"{ticketId}\"}}";
            Emit(type, at, value: 1 + _rng.NextInt(3), properties: props);
            Schedule(EventTypes.TicketClosed, at.AddDays(_rng.Exponential(2.5)), properties: props);
            return;
        }

        Emit(type, at);
    }

    private void Decide(DateTime at, MessageDefinition? triggered)
    {
        if (_deliveryPending)
        {
            // A real sender would count the pending send in its caps; the world simply asks nothing more until it goes.
            return;
        }

        var decisionId = $"{_user.Profile.UserId}-d{++_decisionSeq}";
        var context = new DecisionContext(_user, _state, Events, at, decisionId, triggered, _sim.Catalog);
        var decision = _policy.Decide(context);
        if (!decision.Logged)
        {
            return;
        }

        // A policy that chose the channel says so on the send, as a messaging system reports the variant it sent; one that
        // chose the instant and channel carries them and their probability as the API's recorded sends do, so that
        // the message's propensity stays over messages (evaluate and train read it so).
        var props = decision.MessageId is null || decision.Channel is not { } chosen
            ? EventProperties.OfDecision(decisionId, decision.Propensity)
            : decision.SendTimePropensity is { } sendTime
            ? EventProperties.OfScheduledDecision(decisionId, decision.Propensity, at, decision.SendAt ?? at, chosen, sendTime)
            : EventProperties.OfDecisionOnChannel(decisionId, decision.Propensity, chosen);
        if (decision.MessageId is { } sent)
        {
            var message = _sim.Catalog.Find(sent)
                ?? throw new InvalidOperationException($"Policy chose message '{sent}', which is not in the catalog.");
            var variant = decision.Channel is { } channel && channel != message.Channel ? message with { Channel = channel } : message;
            if (decision.SendAt is { } sendAt && Truncate(sendAt) > at)
            {
                _deliveryPending = true;
                Enqueue(new Pending(PendingKind.Delivery, null, Message: variant, DecisionId: decisionId, Properties: props), sendAt);
                return;
            }

            Send(variant, at, decisionId, props);
        }
        else
        {
            Emit(EventTypes.DecisionNoSend, at, messageId: decision.HeldOutMessageId, properties: props);
            if (decision.HeldOutMessageId is { } heldOut && _sim.Catalog.Find(heldOut) is { } message)
            {
                DrawGoal(message, at, send: false);
            }
        }
    }

    /// <summary>The send goes out: the policy measures it against the world as it is now, then it happens.</summary>
    private void Send(MessageDefinition variant, DateTime at, string decisionId, string props)
    {
        _policy.Delivered(new DecisionContext(_user, _state, Events, at, decisionId, null, _sim.Catalog), variant);
        Emit(EventTypes.MessageSent, at, messageId: variant.Id, properties: props);
        Deliver(variant, at);
    }

    /// <summary>A scheduled send is dropped when the user opted out of it (or complained) while it waited.</summary>
    private bool StillReachable(MessageDefinition m) =>
        m.Category == MessageCategory.Transactional || (!_state.Complained && !_state.IsUnsubscribedFrom(m.Category));

    /// <summary>Draws every consequence of a send from the world's true probabilities, then records the send.</summary>
    private void Deliver(MessageDefinition m, DateTime at)
    {
        var converted = DrawGoal(m, at, send: true);
        DrawOptOut(m, at);

        var opened = converted is not null || _rng.Bernoulli(ResponseModel.OpenProbability(_state, m, at));
        if (opened)
        {
            var openAt = converted is { } goalAt
                ? at.AddTicks((long)((goalAt - at).Ticks * _rng.NextDouble()))
                : at.AddHours(_rng.Exponential(3));
            Schedule(EventTypes.MessageOpened, openAt, messageId: m.Id);
            if (_rng.Bernoulli(converted is not null ? 0.7 : 0.1))
            {
                Schedule(EventTypes.MessageClicked, openAt.AddMinutes(_rng.Exponential(10)), messageId: m.Id);
            }
        }

        _state.RecordSend(m.Id, at);
    }

    /// <summary>Opens the goal window and draws its outcome; returns the goal's time when the send itself converted.</summary>
    private DateTime? DrawGoal(MessageDefinition m, DateTime at, bool send)
    {
        var end = at.AddHours(m.GoalWindowHours);
        var alreadyDrawn = _state.HasScheduledGoal(m.GoalEvent, at, end);
        var reachedOneShot = ProductEvents.OneShot.Contains(m.GoalEvent) && _state.HasDone(m.GoalEvent);
        DateTime? induced = null;
        if (!alreadyDrawn && !reachedOneShot)
        {
            var p0 = ResponseModel.BaselineGoalProbability(_state, m, at);
            var q = send ? ResponseModel.Lift(_state, m, at) : 0;
            var organic = _rng.Bernoulli(q >= 0 ? p0 : p0 * (1 + q));
            var byMessage = q > 0 && _rng.Bernoulli(q);
            if (organic || byMessage)
            {
                var delayHours = byMessage && !organic
                    ? Math.Min(_rng.Exponential(m.GoalWindowHours / 6), m.GoalWindowHours * 0.999)
                    : m.GoalWindowHours * _rng.NextDouble();
                var goalAt = Truncate(at.AddHours(delayHours));
                if (goalAt <= at)
                {
                    goalAt = at.AddSeconds(1);
                }

                _state.ScheduleGoal(m.GoalEvent, goalAt);
                Schedule(m.GoalEvent, goalAt);
                if (byMessage)
                {
                    induced = goalAt;
                }
            }
        }

        _state.OpenGoalWindow(m.GoalEvent, end);
        return induced;
    }

    private void DrawOptOut(MessageDefinition m, DateTime at)
    {
        if (_state.PendingOptOut is { } pending && pending > at)
        {
            return;
        }

        if (!_rng.Bernoulli(ResponseModel.UnsubscribeProbability(_state, m, at)))
        {
            return;
        }

        var when = Truncate(at.AddHours(Math.Min(_rng.Exponential(10), 48)));
        if (when <= at)
        {
            when = at.AddSeconds(1);
        }

        _state.PendingOptOut = when;
        if (_rng.Bernoulli(0.25))
        {
            Schedule(EventTypes.Complained, when, messageId: m.Id);
        }
        else
        {
            var props = _rng.Bernoulli(0.6) ? $"{{\"category\":\"{CategoryNames.Of(m.Category)}\"}}" : null;
            Schedule(EventTypes.Unsubscribed, when, messageId: m.Id, properties: props);
        }
    }

    private void Apply(UserEvent e)
    {
        Events.Add(e);
        _state.RecordEvent(e.EventType, e.Timestamp);
        switch (e.EventType)
        {
            case EventTypes.TicketOpened:
                _state.OpenTicket(TicketId(e), e.Timestamp);
                break;
            case EventTypes.TicketClosed:
                _state.CloseTicket(TicketId(e));
                break;
            case EventTypes.Unsubscribed:
                _state.Unsubscribe(e.Properties is null ? null : _sim.Catalog.Find(e.MessageId!)?.Category);
                _state.PendingOptOut = null;
                break;
            case EventTypes.Complained:
                _state.Complain();
                _state.PendingOptOut = null;
                break;
        }

        CheckTriggers(e);
    }

    private void CheckTriggers(UserEvent e)
    {
        foreach (var m in _sim.Catalog.Messages)
        {
            if (m.Trigger is not { } trigger || trigger.EventType != e.EventType)
            {
                continue;
            }

            var since = e.Timestamp.AddHours(-trigger.WithinHours);
            var recentlyFired = _triggerFiredAt.TryGetValue(m.Id, out var firedAt) && firedAt > since;
            if (!recentlyFired && _state.CountWithin(trigger.EventType, since, e.Timestamp) >= trigger.Count)
            {
                _triggerFiredAt[m.Id] = e.Timestamp;
                Enqueue(new Pending(PendingKind.Decision, null, Message: m), e.Timestamp.AddMinutes(1));
            }
        }
    }

    private void Emit(string type, DateTime at, string? messageId = null, double? value = null, string? properties = null) =>
        Apply(NewEvent(type, at, messageId, value, properties));

    private void Schedule(string type, DateTime at, string? messageId = null, string? properties = null) =>
        Enqueue(new Pending(PendingKind.Scheduled, type, NewEvent(type, at, messageId, null, properties)), at);

    private UserEvent NewEvent(string type, DateTime at, string? messageId, double? value, string? properties) =>
        new($"{_user.Profile.UserId}-{++_eventSeq:D5}", _user.Profile.UserId, Truncate(at), type, messageId, value, properties);

    private void Enqueue(Pending item, DateTime at) => _queue.Enqueue(item, (Truncate(at).Ticks, _seq++));

    private static string TicketId(UserEvent e) =>
        EventPropertyReader.GetString(e.Properties, EventProperties.TicketId) ?? e.EventId;

    /// <summary>Whole seconds: what logs usually carry, and exact in every timestamp encoding.</summary>
    private static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static DateTime Local(TimeZoneInfo tz, DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, tz);

    /// <summary>Local midnight to UTC without exceptions on DST gaps: the offset is taken at the approximate instant.</summary>
    private static DateTime ToUtc(TimeZoneInfo tz, DateTime localMidnight)
    {
        var approx = DateTime.SpecifyKind(localMidnight - tz.BaseUtcOffset, DateTimeKind.Utc);
        return DateTime.SpecifyKind(localMidnight - tz.GetUtcOffset(approx), DateTimeKind.Utc);
    }
}

internal enum PendingKind
{
    Organic,
    Scheduled,
    Decision,
    Delivery,
}

internal sealed record Pending(
    PendingKind Kind, string? EventType, UserEvent? Event = null, MessageDefinition? Message = null, string? DecisionId = null, string? Properties = null);
