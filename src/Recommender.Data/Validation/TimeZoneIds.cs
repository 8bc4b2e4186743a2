namespace Recommender.Data.Validation;

/// <summary>
/// IANA time zone ids only: local quiet hours are computed with them on every platform. A Windows id resolves on
/// Linux too, which would hide the mistake until the service runs somewhere else.
/// </summary>
internal static class TimeZoneIds
{
    /// <summary>Why <paramref name="timezone"/> is no IANA id, or null when it is one.</summary>
    public static string? Problem(string timezone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) && zone.HasIanaId)
        {
            return null;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(timezone, out var iana)
            ? $"{Show.Text(timezone)}, a Windows id (the IANA id is \"{iana}\")"
            : $"{Show.Text(timezone)}, which is no known time zone";
    }
}
