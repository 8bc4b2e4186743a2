using System.Globalization;

namespace Recommender.Api.Infrastructure;

/// <summary>Timestamps in requests: ISO 8601 with <c>Z</c> or an explicit offset, converted to UTC, inside the contract's range.</summary>
public static class Timestamps
{
    public static readonly DateTime Min = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Max = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public const string Expected = "an ISO 8601 timestamp with Z or an offset, between 2000-01-01 and 2100-01-01";

    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            || !HasOffset(text))
        {
            return false;
        }

        utc = value.UtcDateTime;
        return utc >= Min && utc < Max;
    }

    // A timestamp without a zone would silently be read in the server's zone: refuse it.
    private static bool HasOffset(string text)
    {
        var t = text.AsSpan().Trim();
        var time = t.IndexOf('T');
        if (time < 0)
        {
            return false;
        }

        var rest = t[time..];
        return rest.EndsWith("Z") || rest.EndsWith("z") || rest.LastIndexOfAny('+', '-') > 0;
    }
}
