namespace Recommender.Core.Catalog;

/// <summary>
/// Hours of the user's local day when nothing but transactional messages may go out.
/// The window may wrap midnight: start 21, end 8 means 21:00–07:59 local time.
/// </summary>
public sealed record QuietHours
{
    public int StartHour { get; init; } = 21;

    public int EndHour { get; init; } = 8;

    /// <summary>True when <paramref name="localHour"/> falls inside the quiet window.</summary>
    public bool Contains(int localHour) =>
        StartHour <= EndHour
            ? localHour >= StartHour && localHour < EndHour
            : localHour >= StartHour || localHour < EndHour;
}
