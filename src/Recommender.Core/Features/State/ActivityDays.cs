namespace Recommender.Core.Features.State;

/// <summary>
/// The UTC days with product activity inside the retention horizon, each with its first and last instant:
/// enough to count active days in any window of a day or more exactly (only the two edge days of a window
/// are partly inside it, and for those the first or last instant decides).
/// </summary>
internal sealed class ActivityDays
{
    private DayRecord[] _days = [];
    private int _count;

    public ReadOnlySpan<DayRecord> Days => _days.AsSpan(0, _count);

    public void Add(long ticks, long boundary)
    {
        // Older instants cannot fall into any window the features ask about.
        if (ticks < boundary)
        {
            return;
        }

        var day = (int)(ticks / TimeSpan.TicksPerDay);
        var at = _count;
        while (at > 0 && _days[at - 1].Day > day)
        {
            at--;
        }

        if (at > 0 && _days[at - 1].Day == day)
        {
            ref var existing = ref _days[at - 1];
            existing = existing with { First = Math.Min(existing.First, ticks), Last = Math.Max(existing.Last, ticks) };
            return;
        }

        Insert(at, new DayRecord(day, ticks, ticks));
    }

    /// <summary>Restores one day (deserialisation); days must come in ascending order.</summary>
    public void Restore(DayRecord day) => Insert(_count, day);

    /// <summary>Distinct days with activity in [<paramref name="from"/>, <paramref name="to"/>), a window of at least one day.</summary>
    public int CountActiveDays(long from, long to)
    {
        var firstDay = from / TimeSpan.TicksPerDay;
        var lastDay = (to - 1) / TimeSpan.TicksPerDay;
        var active = 0;
        foreach (var d in Days)
        {
            if (d.Day < firstDay || d.Day > lastDay)
            {
                continue;
            }

            var inside = d.Day == firstDay ? d.Last >= from : d.Day != lastDay || d.First < to;
            if (inside)
            {
                active++;
            }
        }

        return active;
    }

    public void Compact(long boundary)
    {
        // A day stays while any of its instants can still be inside a window.
        var n = 0;
        while (n < _count && _days[n].Last < boundary)
        {
            n++;
        }

        if (n > 0)
        {
            Array.Copy(_days, n, _days, 0, _count - n);
            _count -= n;
        }
    }

    private void Insert(int at, DayRecord day)
    {
        if (_count == _days.Length)
        {
            Array.Resize(ref _days, Math.Max(8, _count * 2));
        }

        if (at < _count)
        {
            Array.Copy(_days, at, _days, at + 1, _count - at);
        }

        _days[at] = day;
        _count++;
    }
}

/// <summary>One UTC day (days since 0001-01-01) with its first and last product instant.</summary>
internal readonly record struct DayRecord(int Day, long First, long Last);
