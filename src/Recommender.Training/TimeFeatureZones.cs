using System.Globalization;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Models.Manifest;

namespace Recommender.Training;

/// <summary>
/// How many users the time features read on their own clock: a user whose profile names no time zone, or who has no
/// profile row at all, has the hours and weekdays read in UTC. Real exports often carry no zone (or no profiles) at all,
/// and then the "local hour" is the UTC hour for everybody: training says so instead of degrading silently.
/// </summary>
internal static class TimeFeatureZones
{
    /// <param name="users">The users the examples came from (repeats allowed).</param>
    /// <param name="profiles">The profile rows, undated values and dated ones.</param>
    public static BundleTimeFeatures Describe(IEnumerable<string> users, IReadOnlyList<UserProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(profiles);
        var zoned = profiles.Where(p => LocalTime.IsKnown(p.Timezone) || p.Updates.Any(NamesKnownZone)).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        var all = users.ToHashSet(StringComparer.Ordinal);
        var without = all.LongCount(u => !zoned.Contains(u));
        var note = without == 0
            ? string.Create(CultureInfo.InvariantCulture, $"every one of the {all.Count:N0} users has a profile naming a time zone: hours and weekdays are the users' own.")
            : string.Create(CultureInfo.InvariantCulture, $"{without:N0} of {all.Count:N0} users have no profile naming a time zone: their hours and weekdays are read in UTC. ") +
              "Add a timezone (IANA name) to the profiles, or a profile_updated event setting it.";
        return new BundleTimeFeatures(all.Count, without, note);
    }

    private static bool NamesKnownZone(UserEvent update) =>
        ProfileAttributes.Parse(update.Properties).Any(a => a.Key == ProfileAttributes.Timezone && LocalTime.IsKnown(a.Value.Text));
}
