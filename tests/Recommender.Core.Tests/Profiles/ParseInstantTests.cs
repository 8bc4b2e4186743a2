using System.Globalization;
using Recommender.Core.Profiles;

namespace Recommender.Core.Tests.Profiles;

/// <summary>
/// <see cref="ProfileAttributes.ParseInstant"/> reads the common UTC shape directly and leaves everything else to the
/// culture-aware parse: held here to that parse (an instant with an explicit zone, as UTC) on the shape, its near misses
/// and random texts built from its characters.
/// </summary>
public sealed class ParseInstantTests
{
    [Theory]
    [InlineData("2025-01-10T10:00:00Z")]
    [InlineData("2025-01-10T10:00:00.1Z")]
    [InlineData("2025-01-10T10:00:00.1234567Z")]
    [InlineData("2025-01-10T10:00:00.12345678Z")]
    [InlineData("2025-01-10T10:00:00.Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-00-01T00:00:00Z")]
    [InlineData("2025-01-00T00:00:00Z")]
    [InlineData("2025-04-31T00:00:00Z")]
    [InlineData("2025-01-01T24:00:00Z")]
    [InlineData("2025-01-01T23:60:00Z")]
    [InlineData("2025-01-01T23:59:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2025-01-10T10:00:00z")]
    [InlineData("2025-01-10 10:00:00Z")]
    [InlineData("2025-01-10T10:00:00+02:00")]
    [InlineData("2025-01-10T10:00:00")]
    [InlineData(" 2025-01-10T10:00:00Z")]
    [InlineData("2025-01-10T10:00:00Z ")]
    [InlineData("2025-1-10T10:00:00Z")]
    [InlineData("2025-01-10T10:00:0xZ")]
    [InlineData("２０２５-01-10T10:00:00Z")]
    [InlineData("2025-01-10T10:00:00,5Z")]
    [InlineData("")]
    public void ParseInstant_AgreesWithTheCultureAwareParse(string text) =>
        Assert.Equal(Reference(text), ProfileAttributes.ParseInstant(text));

    [Fact]
    public void ParseInstant_RandomTextsOfTheShapesCharacters_AgreeWithTheCultureAwareParse()
    {
        var random = new Random(20261203);
        const string alphabet = "0123456789-:T.Zz+ 9";
        var checkedValid = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // Start from a valid instant and break a few characters, so most texts are near misses of the shape.
            var at = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365 * 60));
            var chars = at.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture).ToCharArray();
            for (var k = random.Next(0, 3); k > 0; k--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var expected = Reference(text);
            checkedValid += expected is null ? 0 : 1;
            Assert.True(expected == ProfileAttributes.ParseInstant(text), $"\"{text}\": expected {expected:O}");
        }

        Assert.InRange(checkedValid, 5_000, 19_000);
    }

    /// <summary>The parse the fast path stands in for: any instant the invariant culture reads, with a zone written.</summary>
    private static DateTime? Reference(string text)
    {
        var t = text.AsSpan().Trim();
        var timeStart = t.IndexOfAny('T', ' ');
        var zoned = (t.Length > 0 && t[^1] is 'Z' or 'z') || (timeStart >= 0 && t[timeStart..].IndexOfAny('+', '-') >= 0);
        return zoned && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.UtcDateTime
            : null;
    }
}
