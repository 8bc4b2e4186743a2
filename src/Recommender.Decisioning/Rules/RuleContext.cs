using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// What the hard rules need to know about the user at the decision instant, computed once per decision
/// (not once per candidate): recent sends by channel and category, the local hour, support and opt-out state.
/// </summary>
public sealed class RuleContext
{
    private static readonly int CategoryCount = Enum.GetValues<MessageCategory>().Length;

    // The send windows' counts. Never changed once the context is built, so a later context whose windows hold the
    // same sends as the slot before it shares them rather than counting and allocating them again.
    // They are made by the counting paths only: a later context that takes over the slot before's counts allocates none.
    private int[] _categoryDay = null!;
    private int[] _categoryWeek = null!;
    private List<(string Channel, int Day, int Week)> _channels = null!;

    // The decision instant's context a later context was made from (null for that context itself).
    private readonly RuleContext? _origin;

    // Kept for the later contexts of a look-ahead (built on the first Later): the week's sends before this instant,
    // their messages found once, so that each slot counts its windows without a catalog lookup per send.
    private RecentSend[]? _recentSends;

    public RuleContext(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf, string? requestedChannel = null, string? userId = null)
    {
        State = state;

        // Point in time, as the features: the profile as its dated values stood just before the decision.
        Profile = state.ProfileAt(profile, asOf);
        Catalog = catalog;
        Policy = catalog.Policy;
        AsOf = asOf;
        RequestedChannel = requestedChannel;
        LocalHour = LocalTime.HourOf(asOf, Profile?.Timezone, out var zoneKnown);
        TimezoneKnown = zoneKnown;

        CountSends();
        LastSendAt = state.LastBefore(EventTypes.MessageSent, asOf);
        OpenTickets = state.OpenTicketsAt(asOf);
        TicketsIn30Days = state.CountBetween(EventTypes.TicketOpened, asOf.AddDays(-30), asOf);
        HasComplained = state.CountBefore(EventTypes.Complained, asOf) > 0;
        var user = userId ?? profile?.UserId;
        InHoldout = user is not null && catalog.Policy.Holdout.Contains(user);
    }

    /// <summary>
    /// The context at a later instant <paramref name="slot"/> of a state that holds no event at or after
    /// <paramref name="now"/>'s instant: what only time changes (the local hour, the rolling send and ticket
    /// windows) is recomputed, and what only events change (profile, open tickets, complaints, holdout) is taken over.
    /// </summary>
    private RuleContext(RuleContext now, DateTime slot, TimeSpan? utcOffset, RuleContext? previous)
    {
        _origin = now;
        State = now.State;
        Profile = now.Profile;
        Catalog = now.Catalog;
        Policy = now.Policy;
        AsOf = slot;
        RequestedChannel = now.RequestedChannel;
        if (utcOffset is { } offset)
        {
            LocalHour = (slot + offset).Hour;
            TimezoneKnown = now.TimezoneKnown;
        }
        else
        {
            LocalHour = LocalTime.HourOf(slot, Profile?.Timezone, out var zoneKnown);
            TimezoneKnown = zoneKnown;
        }

        var sends = now.RecentSends();
        if (previous is not null && SameWindows(sends, previous))
        {
            (_categoryDay, _categoryWeek, _channels) = (previous._categoryDay, previous._categoryWeek, previous._channels);
            (SendsDay, SendsWeek) = (previous.SendsDay, previous.SendsWeek);
        }
        else
        {
            CountSends(sends);
        }

        LastSendAt = now.LastSendAt;
        OpenTickets = now.OpenTickets;
        TicketsIn30Days = State.CountBetween(EventTypes.TicketOpened, slot.AddDays(-30), slot);
        HasComplained = now.HasComplained;
        InHoldout = now.InHoldout;
    }

    /// <summary>
    /// The context at <paramref name="slot"/>, after this one's instant. Valid only when the state holds no event at
    /// or after this context's instant (<see cref="HoldsNothingAhead"/>): then no event-driven fact changes before the slot.
    /// </summary>
    /// <param name="slot">The later instant.</param>
    /// <param name="utcOffset">The user's UTC offset at <paramref name="slot"/> when the caller knows it (the same
    /// offset at both ends of a look-ahead of at most a week: no zone changes its offset twice within a week); null
    /// to convert the slot's instant in the user's time zone.</param>
    /// <param name="previous">This context or an earlier slot's context made from it, at or before
    /// <paramref name="slot"/>: its send counts are taken over when the slot's windows hold the same sends.</param>
    internal RuleContext Later(DateTime slot, TimeSpan? utcOffset = null, RuleContext? previous = null)
    {
        if (!HoldsNothingAhead || slot < AsOf)
        {
            throw new InvalidOperationException($"A later context needs a state with no event at or after {AsOf:O} and a slot after it; the slot is {slot:O}.");
        }

        if (previous is not null && (!(ReferenceEquals(previous, this) || ReferenceEquals(previous._origin, this)) || previous.AsOf > slot))
        {
            throw new ArgumentException("The previous context must be this one or made from it, at or before the slot.", nameof(previous));
        }

        return new RuleContext(this, slot, utcOffset, previous);
    }

    /// <summary>The user's offset from UTC at <paramref name="instant"/> in the profile's time zone (zero when it is unknown).</summary>
    internal TimeSpan UtcOffsetAt(DateTime instant) => LocalTime.OffsetOf(instant, Profile?.Timezone);

    /// <summary>The state holds no event at or after <see cref="AsOf"/>: only time changes the rules' verdicts from here on.</summary>
    internal bool HoldsNothingAhead => State.LatestEventAt is not { } latest || latest < AsOf;

    public UserState State { get; }

    /// <summary>The user's profile at <see cref="AsOf"/> (dated values applied); null when nothing is known.</summary>
    public UserProfile? Profile { get; }

    public MessageCatalog Catalog { get; }

    public ContactPolicy Policy { get; }

    public DateTime AsOf { get; }

    public string? RequestedChannel { get; }

    /// <summary>The hour of the day in the user's timezone (UTC when the profile or its timezone is unknown).</summary>
    public int LocalHour { get; }

    /// <summary>False when <see cref="LocalHour"/> is the UTC hour because the user's time zone is unknown.</summary>
    public bool TimezoneKnown { get; }

    public int SendsDay { get; private set; }

    public int SendsWeek { get; private set; }

    public DateTime? LastSendAt { get; }

    public int OpenTickets { get; }

    public int TicketsIn30Days { get; }

    public bool HasComplained { get; }

    /// <summary>The user belongs to the policy's global holdout (decided once per decision).</summary>
    public bool InHoldout { get; }

    public int CategorySends(MessageCategory category, bool day) => day ? _categoryDay[(int)category] : _categoryWeek[(int)category];

    public int ChannelSends(string channel, bool day)
    {
        foreach (var c in _channels)
        {
            if (c.Channel == channel)
            {
                return day ? c.Day : c.Week;
            }
        }

        return 0;
    }

    /// <summary>Whether the transactional exemption from caps, spacing and quiet hours applies to <paramref name="m"/>.</summary>
    public bool BypassesCaps(MessageDefinition m) =>
        m.Category == MessageCategory.Transactional && Policy.TransactionalBypassesCaps;

    /// <summary>The sends of the 7 days before this instant with their messages (null for a retired one), oldest first.</summary>
    private RecentSend[] RecentSends()
    {
        if (_recentSends is { } built)
        {
            return built;
        }

        var window = State.SendsBetween(AsOf.AddDays(-7), AsOf);
        var sends = new RecentSend[window.Count];
        var i = 0;
        foreach (var send in window)
        {
            var message = Catalog.Find(send.MessageId);
            sends[i++] = new RecentSend(send.At, message, message?.ChannelOfSend(send.Channel));
        }

        return _recentSends = sends;
    }

    /// <summary>
    /// Whether this later instant's windows hold the sends <paramref name="previous"/>'s did. The sends are all before
    /// the decision instant and the windows only move forward from <paramref name="previous"/> to here, so each window
    /// here is a subset of the one there: the same number of sends is the same sends.
    /// </summary>
    private bool SameWindows(RecentSend[] sends, RuleContext previous)
    {
        var (weekAgo, dayAgo) = (AsOf.AddDays(-7), AsOf.AddDays(-1));
        var (week, day) = (0, 0);
        foreach (var send in sends)
        {
            week += send.At >= weekAgo ? 1 : 0;
            day += send.At >= dayAgo ? 1 : 0;
        }

        return week == previous.SendsWeek && day == previous.SendsDay;
    }

    /// <summary>
    /// The windows of a later instant from the sends before the decision instant: with no event at or after it, the
    /// sends of the week before the later instant are those of <paramref name="sends"/> not older than a week.
    /// </summary>
    private void CountSends(RecentSend[] sends)
    {
        NewCounts();
        var (weekAgo, dayAgo) = (AsOf.AddDays(-7), AsOf.AddDays(-1));
        foreach (var (at, m, channel) in sends)
        {
            if (at < weekAgo)
            {
                continue;
            }

            var lastDay = at >= dayAgo;
            SendsWeek++;
            SendsDay += lastDay ? 1 : 0;
            if (m is null)
            {
                continue; // a retired message still counts towards the overall cap
            }

            _categoryWeek[(int)m.Category]++;
            _categoryDay[(int)m.Category] += lastDay ? 1 : 0;
            CountChannel(channel!, lastDay);
        }
    }

    private void CountSends()
    {
        NewCounts();
        var dayAgo = AsOf.AddDays(-1);
        foreach (var send in State.SendsBetween(AsOf.AddDays(-7), AsOf))
        {
            var lastDay = send.At >= dayAgo;
            SendsWeek++;
            SendsDay += lastDay ? 1 : 0;
            if (Catalog.Find(send.MessageId) is not { } m)
            {
                continue; // a retired message still counts towards the overall cap
            }

            _categoryWeek[(int)m.Category]++;
            _categoryDay[(int)m.Category] += lastDay ? 1 : 0;

            // The channel the send went out on: a push variant of an e-mail message counts against push's cap.
            CountChannel(m.ChannelOfSend(send.Channel), lastDay);
        }
    }

    private void NewCounts() => (_categoryDay, _categoryWeek, _channels) = (new int[CategoryCount], new int[CategoryCount], []);

    private void CountChannel(string channel, bool lastDay)
    {
        for (var i = 0; i < _channels.Count; i++)
        {
            if (_channels[i].Channel == channel)
            {
                var c = _channels[i];
                _channels[i] = (channel, c.Day + (lastDay ? 1 : 0), c.Week + 1);
                return;
            }
        }

        _channels.Add((channel, lastDay ? 1 : 0, 1));
    }

    /// <param name="Channel">The channel the send counts on (<see cref="MessageDefinition.ChannelOfSend"/>); null with a retired message.</param>
    private readonly record struct RecentSend(DateTime At, MessageDefinition? Message, string? Channel);
}
