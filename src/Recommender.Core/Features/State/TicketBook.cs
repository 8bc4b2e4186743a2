namespace Recommender.Core.Features.State;

/// <summary>
/// Support tickets by id, each with its opens and closes. A ticket is open at an instant when its latest open
/// before that instant is later than its latest close before it: reopened tickets are open again, and a close at
/// the same instant as an open wins. A ticket whose events all lie before the compaction boundary and end with a
/// close is closed for every instant the features may ask about, so it is dropped; its history lives on in the
/// event-type totals.
/// </summary>
internal sealed class TicketBook
{
    /// <summary>Cap on tickets kept, so that a feed that never closes tickets cannot grow a state without bound.</summary>
    public const int MaxTickets = 256;

    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Ticket> Tickets => _tickets;

    public Ticket Get(string ticketId)
    {
        if (!_tickets.TryGetValue(ticketId, out var ticket))
        {
            ticket = new Ticket();
            _tickets.Add(ticketId, ticket);
            if (_tickets.Count > MaxTickets)
            {
                EvictOldest();
            }
        }

        return ticket;
    }

    public int OpenAt(long asOf)
    {
        var open = 0;
        foreach (var t in _tickets.Values)
        {
            if (t.IsOpenAt(asOf))
            {
                open++;
            }
        }

        return open;
    }

    public void Compact(long boundary)
    {
        List<string>? done = null;
        foreach (var (id, t) in _tickets)
        {
            t.Opens.Compact(boundary);
            t.Closes.Compact(boundary);
            if (t.Opens.RecentCount == 0 && t.Closes.RecentCount == 0 && !t.IsOpenAt(boundary))
            {
                (done ??= []).Add(id);
            }
        }

        done?.ForEach(id => _tickets.Remove(id));
    }

    // Deterministic: the ticket with the earliest last event (ties by id) goes first.
    private void EvictOldest()
    {
        string? victim = null;
        var oldest = long.MaxValue;
        foreach (var (id, t) in _tickets)
        {
            var last = Math.Max(
                t.Opens.TryGetLastBefore(long.MaxValue, out var o) ? o : long.MinValue,
                t.Closes.TryGetLastBefore(long.MaxValue, out var c) ? c : long.MinValue);
            if (last < oldest || (last == oldest && string.CompareOrdinal(id, victim) < 0))
            {
                (victim, oldest) = (id, last);
            }
        }

        _tickets.Remove(victim!);
    }
}

/// <summary>The opens and closes of one ticket.</summary>
internal sealed class Ticket
{
    public TimeSeries Opens { get; } = new();

    public TimeSeries Closes { get; } = new();

    public bool IsOpenAt(long asOf) =>
        Opens.TryGetLastBefore(asOf, out var opened) && (!Closes.TryGetLastBefore(asOf, out var closed) || opened > closed);
}
