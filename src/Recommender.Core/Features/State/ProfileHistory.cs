using Recommender.Core.Profiles;

namespace Recommender.Core.Features.State;

/// <summary>
/// The dated values of a user's profile attributes (from <c>profile_updated</c> events), per attribute in
/// (time, value) order. A value holds from its instant on, so the attribute at an instant is its latest value
/// strictly before it. Compaction keeps, per attribute, every value inside the horizon and the latest one before
/// it: that one still holds at the horizon, so point-in-time answers stay exact while the history stays bounded.
/// </summary>
internal sealed class ProfileHistory
{
    private readonly Dictionary<string, SortedRun<ProfileEntry, ProfileEntryOrder>> _attributes = new(StringComparer.Ordinal);

    public bool IsEmpty => _attributes.Count == 0;

    /// <summary>The earliest instant any value holds from (ticks); long.MaxValue when there is none.</summary>
    public long FirstTicks { get; private set; } = long.MaxValue;

    /// <summary>The values kept, per attribute, in order: what the binary form stores.</summary>
    public IReadOnlyDictionary<string, SortedRun<ProfileEntry, ProfileEntryOrder>> Attributes => _attributes;

    public void Add(string name, long ticks, ProfileValue value, long boundary)
    {
        if (!_attributes.TryGetValue(name, out var run))
        {
            run = new SortedRun<ProfileEntry, ProfileEntryOrder>();
            _attributes.Add(name, run);
        }

        run.Insert(new ProfileEntry(ticks, value));
        FirstTicks = Math.Min(FirstTicks, ticks);
        if (ticks < boundary)
        {
            // A late value older than the horizon: only the latest value before the horizon matters.
            CompactRun(run, boundary);
        }
    }

    public void Compact(long boundary)
    {
        foreach (var run in _attributes.Values)
        {
            CompactRun(run, boundary);
        }
    }

    /// <summary>The values holding strictly before <paramref name="asOf"/>, one per attribute that has one, by attribute name.</summary>
    public List<KeyValuePair<string, ProfileValue>> At(long asOf)
    {
        var values = new List<KeyValuePair<string, ProfileValue>>(_attributes.Count);
        foreach (var (name, run) in _attributes)
        {
            var n = run.LowerBound(asOf);
            if (n > 0)
            {
                values.Add(new(name, run[n - 1].Value));
            }
        }

        values.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return values;
    }

    private static void CompactRun(SortedRun<ProfileEntry, ProfileEntryOrder> run, long boundary) =>
        run.RemoveFirst(run.LowerBound(boundary) - 1);
}

/// <summary>One value of one attribute, holding from <see cref="Ticks"/> on.</summary>
internal readonly record struct ProfileEntry(long Ticks, ProfileValue Value);

/// <summary>Time, then value: two values at one instant get one order (the greater holds) whatever their arrival order.</summary>
internal readonly struct ProfileEntryOrder : IRunOrder<ProfileEntry>
{
    public static long Ticks(in ProfileEntry item) => item.Ticks;

    public static int Compare(in ProfileEntry x, in ProfileEntry y)
    {
        var byTime = x.Ticks.CompareTo(y.Ticks);
        return byTime != 0 ? byTime : x.Value.CompareTo(y.Value);
    }
}
