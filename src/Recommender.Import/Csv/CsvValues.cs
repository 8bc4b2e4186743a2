using System.Globalization;
using Recommender.Core.Profiles;
using Recommender.Import.Text;

namespace Recommender.Import.Csv;

/// <summary>How a CSV cell reads as a number, an instant, or a profile value: numbers only when they read back the same way (a zip code "02134" stays text).</summary>
internal static class CsvValues
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool TryNumber(string text, out double number)
    {
        number = 0;
        if (text.Length == 0 || text[0] == '+' || (text.Length > 1 && text[0] == '0' && char.IsDigit(text[1]))
            || (text.Length > 2 && text[0] == '-' && text[1] == '0' && char.IsDigit(text[2])))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }

    /// <summary>
    /// As <see cref="TryNumber(string, out double)"/>, and with <paramref name="decimalComma"/> one comma and no point
    /// is the decimal mark: a <c>;</c>-separated file is the spreadsheet export of the countries that write 0,25 for 0.25
    /// (its propensities were all refused, its values and numeric properties left out or kept as text).
    /// </summary>
    public static bool TryNumber(string text, bool decimalComma, out double number)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        return decimalComma && comma >= 0 && comma == text.LastIndexOf(',') && !text.Contains('.', StringComparison.Ordinal)
            ? TryNumber(text.Replace(',', '.'), out number)
            : TryNumber(text, out number);
    }

    public static ProfileValue ProfileValueOf(string text, bool decimalComma) => TryNumber(text, decimalComma, out var n) ? ProfileValue.Of(n) : ProfileValue.Of(text);

    /// <summary>The instant in <paramref name="text"/>; null with <paramref name="problem"/> when it is none.</summary>
    public static DateTime? Instant(string text, CsvTimeFormat format, bool assumeUtc, out string? problem)
    {
        problem = null;
        switch (format)
        {
            case CsvTimeFormat.Unix or CsvTimeFormat.UnixMs:
                var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n);
                if (number && Math.Abs(n) < (format == CsvTimeFormat.Unix ? 1e11 : 1e14) && (format == CsvTimeFormat.Unix || Math.Abs(n) >= 1e11))
                {
                    return Epoch.AddTicks((long)Math.Round(n * (format == CsvTimeFormat.Unix ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond)));
                }

                // Since 2000, seconds have 10 digits and milliseconds 13: a number of the other kind names the option.
                problem = $"expected {(format == CsvTimeFormat.Unix ? "seconds" : "milliseconds")} since 1970-01-01, found \"{text}\""
                    + (number && Math.Abs(n) is >= 1e8 and < 1e14 ? (format == CsvTimeFormat.Unix ? " (milliseconds? pass --time-format unix-ms)" : " (seconds? pass --time-format unix)") : "");
                return null;
            default:
                var parsed = Text.Instant.TryParse(text, out var at);
                if (parsed == InstantParse.Ok || (parsed == InstantParse.NoZone && assumeUtc))
                {
                    return at;
                }

                problem = parsed == InstantParse.NoZone
                    ? $"expected a timestamp with a zone (Z or ±hh:mm; or --assume-utc), found \"{text}\""
                    : $"expected an ISO-8601 timestamp, found \"{text}\""
                      + (text.Length is >= 9 and <= 16 && text.All(c => char.IsAsciiDigit(c) || c == '.') ? " (seconds since 1970? pass --time-format unix, or unix-ms for milliseconds)" : "");
                return null;
        }
    }
}
