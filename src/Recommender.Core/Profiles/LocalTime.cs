using System.Collections.Concurrent;

namespace Recommender.Core.Profiles;

/// <summary>
/// The user's local time, with timezone lookups cached (they are hot: one per decision). Shared by the rules (quiet
/// hours), the arrival profile and the features by local hour, so that all three read a zone the same way.
/// </summary>
public static class LocalTime
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The hour at <paramref name="utc"/> in <paramref name="timezone"/>; the UTC hour (and <paramref name="known"/> false) when the zone is missing or unknown.</summary>
    public static int HourOf(DateTime utc, string? timezone, out bool known)
    {
        var zone = Zone(timezone);
        known = zone is not null;
        return zone is null ? utc.Hour : TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Hour;
    }

    /// <summary>The zone's offset from UTC at <paramref name="utc"/>; zero when the zone is missing or unknown.</summary>
    public static TimeSpan OffsetOf(DateTime utc, string? timezone) => Zone(timezone)?.GetUtcOffset(utc) ?? TimeSpan.Zero;

    /// <summary>Whether <paramref name="timezone"/> names a zone this machine knows (false for null).</summary>
    public static bool IsKnown(string? timezone) => Zone(timezone) is not null;

    private static TimeZoneInfo? Zone(string? timezone) =>
        timezone is null ? null : Zones.GetOrAdd(timezone, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : null);
}
