using System.Globalization;
using Recommender.Core.Profiles;
using Recommender.Import.Text;

namespace Recommender.Import.Output;

/// <summary>
/// Whether a value may stand for a profile attribute as the contract reads it: the fixed attributes of their kind, a
/// <c>signup_at</c> an instant with a zone (written back as UTC), a <c>timezone</c> an IANA id. Importers leave out
/// (and list) a value that fails, rather than write a table the readers would reject.
/// </summary>
public static class ProfileCheck
{
    /// <summary>The value to write for <paramref name="name"/>, or null with <paramref name="problem"/> saying what was expected.</summary>
    public static ProfileValue? Check(string name, ProfileValue value, bool assumeUtc, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        problem = null;
        if (name == ProfileAttributes.SignupAt && value.Text is { } text)
        {
            var parsed = Instant.TryParse(text, out var at);
            if (parsed != InstantParse.Ok && !(parsed == InstantParse.NoZone && assumeUtc))
            {
                problem = $"expected an ISO-8601 timestamp with a zone, found \"{text}\"";
                return null;
            }

            value = ProfileValue.Of(at.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
        }

        var expected = ProfileAttributes.Problem(name, value)
            ?? (name == ProfileAttributes.Timezone && !IsIanaZone(value.Text!) ? "an IANA time zone id such as \"Europe/Berlin\"" : null);
        if (expected is null)
        {
            return value;
        }

        problem = $"expected {expected}, found {(value.Kind == ProfileValueKind.Text ? $"\"{value.Text}\"" : value.ToString())}";
        return null;
    }

    private static bool IsIanaZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
