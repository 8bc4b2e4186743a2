using System.Text;
using Recommender.Import.Text;

namespace Recommender.Import.Tests.Text;

public sealed class InstantTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "2026-03-01T12:00:00Z", "Ok", "2026-03-01T12:00:00.0000000Z" },
        { "2026-03-01T12:00:00.1234567Z", "Ok", "2026-03-01T12:00:00.1234567Z" },
        { "2026-03-01T12:00:00.123456789Z", "Ok", "2026-03-01T12:00:00.1234567Z" },
        { "2019-11-24 00:01:03.979311+00:00", "Ok", "2019-11-24T00:01:03.9793110Z" },
        { "2026-03-01T12:00:00+02:00", "Ok", "2026-03-01T10:00:00.0000000Z" },
        { "2026-03-01T12:00:00-0530", "Ok", "2026-03-01T17:30:00.0000000Z" },
        { "2026-03-01T01:00:00+03", "Ok", "2026-02-28T22:00:00.0000000Z" },
        { "2026-03-01T12:00:00", "NoZone", "2026-03-01T12:00:00.0000000Z" },
        { "2026-03-01 12:00", "NoZone", "2026-03-01T12:00:00.0000000Z" },
        { "Sun, 01 Mar 2026 12:00:00 GMT", "Ok", "2026-03-01T12:00:00.0000000Z" },
        { "2019-11-24 00:03:13.442536 UTC", "Ok", "2019-11-24T00:03:13.4425360Z" },
        { "2026-03-01T12:00:00 utc", "Ok", "2026-03-01T12:00:00.0000000Z" },
        { "2026/03/01 12:00:00Z", "Ok", "2026-03-01T12:00:00.0000000Z" },
        { "2026-03-01T12:00+01:00[Europe/Paris]", "Ok", "2026-03-01T11:00:00.0000000Z" },
        { "2026-03-01T12:00:00.5Z[UTC]", "Ok", "2026-03-01T12:00:00.5000000Z" },
        { "2026-03-01T12:00:00[Europe/Paris]", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "01/03/2026 12:00:00 +01:00", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "1.3.2026 12:00", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "03-01-2026 12:00:00Z", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "12:00", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "2026-02-30T12:00:00Z", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "2026-03-01T25:00:00Z", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "yesterday", "Invalid", "0001-01-01T00:00:00.0000000" },
        { "", "Invalid", "0001-01-01T00:00:00.0000000" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Timestamps_read_as_UTC_and_a_missing_zone_is_reported(string text, string outcome, string utc)
    {
        var expected = Enum.Parse<InstantParse>(outcome);
        var fromBytes = Instant.TryParse(Encoding.UTF8.GetBytes(text), out var a);
        var fromText = Instant.TryParse(text, out var b);

        Assert.Equal((expected, expected), (fromBytes, fromText));
        Assert.Equal(utc, a.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(a, b);
        Assert.True(expected == InstantParse.Invalid || a.Kind == DateTimeKind.Utc);
    }
}
