using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Import.Text;

/// <summary>
/// Reads ISO-8601 timestamps (<c>2026-03-01T12:00:00.123Z</c>, <c>2019-11-24 00:01:03.979311+00:00</c>) into UTC. A
/// timestamp without a zone is reported as such, not guessed: a local wall clock read as UTC would shift every event
/// by the exporter's offset. The common shapes are parsed by hand (imports read millions); anything else goes to
/// <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>, except what
/// that would read wrongly (<see cref="DayOrMonthFirst"/>). A trailing <c>UTC</c> or <c>GMT</c> is a zone, as
/// warehouses write it (BigQuery's <c>2026-03-01 12:00:00.123 UTC</c>); a zone name in brackets after the offset (Java's
/// <c>2026-03-01T12:00+01:00[Europe/Paris]</c>, RFC 9557) adds nothing to the offset and is dropped; without an offset
/// it is refused, as UTC (<c>assume_utc</c>) would be the wrong wall clock.
/// </summary>
internal static partial class Instant
{
    /// <summary>Parses <paramref name="text"/> (UTF-8).</summary>
    /// <param name="utc">The instant in UTC; for <see cref="InstantParse.NoZone"/> the wall clock as given, marked UTC.</param>
    public static InstantParse TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        if (TryParseFast(text, out utc, out var zoned))
        {
            return zoned ? InstantParse.Ok : InstantParse.NoZone;
        }

        return TryParseSlow(Encoding.UTF8.GetString(text), out utc);
    }

    public static InstantParse TryParse(string text, out DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> bytes = stackalloc byte[64];
        if (text.Length <= 64 && Encoding.UTF8.TryGetBytes(text, bytes, out var n) && TryParseFast(bytes[..n], out utc, out var zoned))
        {
            return zoned ? InstantParse.Ok : InstantParse.NoZone;
        }

        return TryParseSlow(text, out utc);
    }

    private static InstantParse TryParseSlow(string text, out DateTime utc)
    {
        utc = default;
        var t = text.Trim();
        var bracketed = t.EndsWith(']') && t.LastIndexOf('[') > 0;
        if (bracketed)
        {
            t = t[..t.LastIndexOf('[')];
        }

        var named = t.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase) || t.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase);
        if (named)
        {
            // .NET reads "GMT" but not "UTC"; without either the rest is the wall clock in UTC.
            t = t[..^4].TrimEnd();
        }

        if (DayOrMonthFirst().IsMatch(t)
            || !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return InstantParse.Invalid;
        }

        utc = value.UtcDateTime;
        var timeStart = t.IndexOfAny(['T', ' ']);
        var zoned = named || t.EndsWith('Z') || t.EndsWith('z') || (timeStart >= 0 && t.AsSpan(timeStart).IndexOfAny('+', '-') >= 0);
        if (bracketed && !zoned)
        {
            utc = default;
            return InstantParse.Invalid;
        }

        return zoned ? InstantParse.Ok : InstantParse.NoZone;
    }

    /// <summary>
    /// A date written with its day or month first (<c>01/03/2026</c> is 1 March in Europe and 3 January in the US) or a
    /// time without a date: the invariant culture would read the first month first and silently (and the rows with a
    /// day above 12 not at all), the second as today. Neither is guessed.
    /// </summary>
    [GeneratedRegex(@"^(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex DayOrMonthFirst();

    /// <summary>yyyy-MM-dd[T ]HH:mm:ss[.f{1,7}][Z|±HH:mm|±HHmm|±HH]</summary>
    private static bool TryParseFast(ReadOnlySpan<byte> s, out DateTime utc, out bool zoned)
    {
        utc = default;
        zoned = false;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = 0;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (digits < 7)
                {
                    scale /= 10;
                    fractionTicks += (s[i] - '0') * scale;
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                return false;
            }
        }

        var offset = TimeSpan.Zero;
        if (i < s.Length)
        {
            if (s[i] is (byte)'Z' or (byte)'z' && i == s.Length - 1)
            {
                zoned = true;
            }
            else if (s[i] is (byte)'+' or (byte)'-')
            {
                var sign = s[i] == '-' ? -1 : 1;
                var rest = s[(i + 1)..];
                int oh, om = 0;
                bool ok;
                if (rest.Length == 2)
                {
                    ok = Digits(rest, 0, 2, out oh);
                }
                else if (rest.Length == 4)
                {
                    ok = Digits(rest, 0, 2, out oh) && Digits(rest, 2, 2, out om);
                }
                else if (rest.Length == 5 && rest[2] == ':')
                {
                    ok = Digits(rest, 0, 2, out oh) && Digits(rest, 3, 2, out om);
                }
                else
                {
                    (oh, ok) = (0, false);
                }

                if (!ok || oh > 23 || om > 59)
                {
                    return false;
                }

                offset = new TimeSpan(sign * oh, sign * om, 0);
                zoned = true;
            }
            else
            {
                return false;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = value * 10 + (int)d;
        }

        return true;
    }
}
