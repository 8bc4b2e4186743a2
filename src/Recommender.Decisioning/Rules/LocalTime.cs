using System.Collections.Concurrent;

namespace Recommender.Decisioning.Rules;

/// <summary>The user's local hour, with timezone lookups cached (they are hot: one per decision).</summary>
internal static class LocalTime
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    public static int HourOf(DateTime utc, string? timezone)
    {
        var zone = timezone is null ? null : Zones.GetOrAdd(timezone, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : null);
        return zone is null ? utc.Hour : TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Hour;
    }
}
