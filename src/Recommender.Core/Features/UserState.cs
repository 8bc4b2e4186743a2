using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features.State;
using Recommender.Core.Profiles;

namespace Recommender.Core.Features;

/// <summary>
/// A user's situation: the fold of the user's events, applied one at a time with <see cref="Apply"/>, the
/// same code offline (training replay) and online (API ingestion). It never reads the clock; every query
/// names its instant and sees only events strictly before it.
/// </summary>
/// <remarks>
/// <para>Bounded memory: exact instants are kept only inside <see cref="RetentionHorizon"/> behind the latest
/// event seen; older events collapse into per-type totals and first/last instants. The horizon is the longest
/// feature window plus a margin, so queries at or after <see cref="ExactFrom"/> are exact, and the margin lets
/// late events (up to a week) still land in their place.</para>
/// <para>Order: events inside the horizon are inserted in time order, so any arrival order of the same events
/// gives the same answers. Events older than the horizon only update totals, first/last and opt-out history.
/// Duplicates are the caller's business (it dedups by event id); applying an event twice counts it twice.</para>
/// </remarks>
public sealed partial class UserState
{
    /// <summary>The longest window any feature looks back over.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(30);

    /// <summary>How far behind the latest event exact instants are kept: <see cref="LongestWindow"/> plus a week for late events.</summary>
    public static readonly TimeSpan RetentionHorizon = LongestWindow + TimeSpan.FromDays(7);

    // Compaction runs when the boundary would move by this much: cheap amortised, and the horizon overshoots by at most this.
    private static readonly long CompactionStep = TimeSpan.TicksPerDay;

    private readonly Dictionary<string, TimeSeries> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageHistory> _messages = new(StringComparer.Ordinal);

    /// <summary>Number of events applied (including any the caller failed to dedup).</summary>
    public long EventsApplied { get; private set; }

    /// <summary>The latest event instant seen, or null before the first event.</summary>
    public DateTime? LatestEventAt => LatestTicks == 0 ? null : new DateTime(LatestTicks, DateTimeKind.Utc);

    /// <summary>Events before this instant are kept only as totals and first/last instants.</summary>
    public DateTime CompactedBefore => new(Boundary, DateTimeKind.Utc);

    /// <summary>The earliest instant at which every query and feature is exact.</summary>
    public DateTime ExactFrom => Boundary == 0 ? DateTime.MinValue : new DateTime(Boundary + LongestWindow.Ticks, DateTimeKind.Utc);

    internal long LatestTicks { get; private set; }

    internal long Boundary { get; private set; }

    internal SendLog Sends { get; } = new();

    internal ActivityDays ActiveDays { get; } = new();

    internal OptOutBook OptOuts { get; } = new();

    internal TicketBook Tickets { get; } = new();

    internal ProfileHistory Profile { get; } = new();

    internal IReadOnlyDictionary<string, TimeSeries> Types => _types;

    internal IReadOnlyDictionary<string, MessageHistory> Messages => _messages;

    /// <summary>Folds one event into the state.</summary>
    public void Apply(UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Timestamp.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException($"Event '{e.EventId}' has a local timestamp; the data contract requires UTC.", nameof(e));
        }

        var ticks = e.Timestamp.Ticks;
        EventsApplied++;
        Series(e.EventType).Add(ticks, Boundary);
        switch (e.EventType)
        {
            case EventTypes.MessageSent when e.MessageId is { } id:
                var message = Message(id);
                message.Sends.Add(ticks, Boundary);

                // The variant it went out on, as the sender said; which channels the message offers is the catalog's
                // business, checked where the channel is read (MessageDefinition.ChannelOfSend).
                var channel = EventPropertyReader.GetString(e.Properties, EventProperties.Channel);
                if (channel is not null)
                {
                    message.Channels.Add(ticks, channel, Boundary);
                }

                Sends.Add(new SendRecord(ticks, message, channel), Boundary);
                break;
            case EventTypes.MessageOpened when e.MessageId is { } id:
                Message(id).Opens.Add(ticks, Boundary);
                break;
            case EventTypes.MessageClicked when e.MessageId is { } id:
                Message(id).Clicks.Add(ticks, Boundary);
                break;
            case EventTypes.Unsubscribed:
                OptOuts.Scope(ScopeOf(e)).Unsubscribes.Add(ticks, Boundary);
                break;
            case EventTypes.Resubscribed:
                OptOuts.Scope(ScopeOf(e)).Resubscribes.Add(ticks, Boundary);
                break;
            case EventTypes.TicketOpened when ticks >= Boundary:
                // A ticket opened before the horizon that arrives this late is not reopened: its close may already be compacted away.
                Tickets.Get(EventPropertyReader.GetString(e.Properties, EventProperties.TicketId) ?? e.EventId).Opens.Add(ticks, Boundary);
                break;
            case EventTypes.TicketClosed when EventPropertyReader.GetString(e.Properties, EventProperties.TicketId) is { } ticketId:
                Tickets.Get(ticketId).Closes.Add(ticks, Boundary);
                break;
            case EventTypes.ProfileUpdated:
                foreach (var (name, value) in ProfileAttributes.Parse(e.Properties))
                {
                    Profile.Add(name, ticks, value, Boundary);
                }

                break;
            default:
                if (!EventTypes.Reserved.Contains(e.EventType))
                {
                    ActiveDays.Add(ticks, Boundary);
                }

                break;
        }

        if (ticks > LatestTicks)
        {
            LatestTicks = ticks;
            CompactIfDue();
        }
    }

    /// <summary>Events of <paramref name="eventType"/> strictly before <paramref name="asOf"/>.</summary>
    public long CountBefore(string eventType, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        RequireExact(asOf, nameof(asOf));
        return _types.TryGetValue(eventType, out var s) ? s.CountBefore(asOf.Ticks) : 0;
    }

    /// <summary>Events of <paramref name="eventType"/> in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="from"/> is before <see cref="CompactedBefore"/>.</exception>
    public int CountBetween(string eventType, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        RequireExact(from, nameof(from));
        return _types.TryGetValue(eventType, out var s) ? s.CountBetween(from.Ticks, to.Ticks) : 0;
    }

    /// <summary>The first event of <paramref name="eventType"/> before <paramref name="asOf"/>, or null.</summary>
    public DateTime? FirstBefore(string eventType, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        RequireExact(asOf, nameof(asOf));
        return _types.TryGetValue(eventType, out var s) && s.TryGetFirstBefore(asOf.Ticks, out var t) ? Utc(t) : null;
    }

    /// <summary>The last event of <paramref name="eventType"/> before <paramref name="asOf"/>, or null.</summary>
    public DateTime? LastBefore(string eventType, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        RequireExact(asOf, nameof(asOf));
        return _types.TryGetValue(eventType, out var s) && s.TryGetLastBefore(asOf.Ticks, out var t) ? Utc(t) : null;
    }

    /// <summary>Sends of <paramref name="messageId"/> strictly before <paramref name="asOf"/>.</summary>
    public long SendsBefore(string messageId, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        RequireExact(asOf, nameof(asOf));
        return _messages.TryGetValue(messageId, out var m) ? m.Sends.CountBefore(asOf.Ticks) : 0;
    }

    /// <summary>The last send of <paramref name="messageId"/> strictly before <paramref name="asOf"/>, or null.</summary>
    public DateTime? LastSendBefore(string messageId, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        RequireExact(asOf, nameof(asOf));
        return _messages.TryGetValue(messageId, out var m) && m.Sends.TryGetLastBefore(asOf.Ticks, out var t) ? Utc(t) : null;
    }

    /// <summary>
    /// Sends in [<paramref name="from"/>, <paramref name="to"/>), oldest first, without allocating: what the
    /// frequency caps and spacing rules count.
    /// </summary>
    public SendWindow SendsBetween(DateTime from, DateTime to)
    {
        RequireExact(from, nameof(from));
        var lo = Sends.LowerBound(from.Ticks);
        var hi = Math.Max(lo, Sends.LowerBound(to.Ticks));
        return new SendWindow(Sends.Items[lo..hi]);
    }

    /// <summary>Tickets opened and not closed before <paramref name="asOf"/>.</summary>
    public int OpenTicketsAt(DateTime asOf)
    {
        RequireExact(asOf, nameof(asOf));
        return Tickets.OpenAt(asOf.Ticks);
    }

    /// <summary>Whether the user had opted out of <paramref name="category"/> (or of everything) before <paramref name="asOf"/>.</summary>
    public bool IsUnsubscribedAt(MessageCategory category, DateTime asOf)
    {
        RequireExact(asOf, nameof(asOf));
        return OptOuts.IsUnsubscribed(CategoryNames.Of(category), asOf.Ticks);
    }

    /// <summary>Whether an all-categories opt-out was in force at <paramref name="asOf"/>.</summary>
    public bool IsUnsubscribedFromAllAt(DateTime asOf)
    {
        RequireExact(asOf, nameof(asOf));
        return OptOuts.IsUnsubscribedFromAll(asOf.Ticks);
    }

    /// <summary>
    /// The user's profile as it stood just before <paramref name="asOf"/>: <paramref name="profile"/> (the undated
    /// profile row; null when there is none) with every attribute that a <c>profile_updated</c> event set strictly before
    /// <paramref name="asOf"/> at its latest value. Without such an event it is <paramref name="profile"/> itself, not a
    /// copy. A profile made of updates alone has an empty <see cref="UserProfile.UserId"/>: the state does not know it.
    /// </summary>
    public UserProfile? ProfileAt(UserProfile? profile, DateTime asOf)
    {
        if (Profile.IsEmpty || Profile.FirstTicks >= asOf.Ticks)
        {
            return profile;
        }

        RequireExact(asOf, nameof(asOf));
        return ProfileAttributes.With(profile, "", Profile.At(asOf.Ticks));
    }

    /// <summary>Compact, versioned binary form, for a state store. Equal states give equal bytes.</summary>
    public byte[] ToBytes() => UserStateFormat.Write(this);

    /// <summary>Reads what <see cref="ToBytes"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state of a version this code reads.</exception>
    public static UserState FromBytes(ReadOnlySpan<byte> bytes) => UserStateFormat.Read(bytes);

    /// <summary>Throws unless features at <paramref name="asOf"/> can be computed exactly from this state.</summary>
    internal void RequireExactFeatures(DateTime asOf) => RequireExact(asOf - LongestWindow, nameof(asOf));

    internal TimeSeries Series(string eventType)
    {
        if (!_types.TryGetValue(eventType, out var s))
        {
            s = new TimeSeries();
            _types.Add(eventType, s);
        }

        return s;
    }

    internal MessageHistory Message(string messageId)
    {
        if (!_messages.TryGetValue(messageId, out var m))
        {
            m = new MessageHistory(messageId);
            _messages.Add(messageId, m);
        }

        return m;
    }

    internal void Restore(long latestTicks, long boundary, long eventsApplied)
    {
        (LatestTicks, Boundary, EventsApplied) = (latestTicks, boundary, eventsApplied);
    }

    private static string ScopeOf(UserEvent e) =>
        EventPropertyReader.GetString(e.Properties, EventProperties.Category)?.ToLowerInvariant() ?? OptOutBook.AllScope;

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private void RequireExact(DateTime from, string name)
    {
        if (from.Ticks < Boundary)
        {
            throw new InvalidOperationException(
                $"The state keeps exact instants only from {CompactedBefore:O}; a query reaching back to {from:O} ({name}) " +
                $"cannot be answered exactly. Ask at or after {ExactFrom:O}, or rebuild the state from events up to the instant.");
        }
    }

    private void CompactIfDue()
    {
        var target = LatestTicks - RetentionHorizon.Ticks;
        if (target - Boundary < CompactionStep)
        {
            return;
        }

        Boundary = target;
        foreach (var s in _types.Values)
        {
            s.Compact(target);
        }

        foreach (var m in _messages.Values)
        {
            m.Compact(target);
        }

        Sends.Compact(target);
        ActiveDays.Compact(target);
        OptOuts.Compact(target);
        Tickets.Compact(target);
        Profile.Compact(target);
    }
}
