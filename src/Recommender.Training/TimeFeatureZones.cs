using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Models.Manifest;

namespace Recommender.Training;

/// <summary>
/// How many users the time features read on their own clock: a profile with no time zone, or one this machine does not
/// know, has its hours and weekdays read in UTC. Real exports often carry no zone at all, and then the "local hour" is
/// the UTC hour for everybody: training says so instead of degrading silently.
/// </summary>
internal static class TimeFeatureZones
{
    public static BundleTimeFeatures Describe(IReadOnlyList<UserProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var without = profiles.LongCount(p => !LocalTime.IsKnown(p.Timezone) && !p.Updates.Any(NamesKnownZone));
        var note = without == 0
            ? $"every one of the {profiles.Count:N0} profiles names a known time zone: hours and weekdays are the users' own."
            : $"{without:N0} of {profiles.Count:N0} profiles name no time zone: their hours and weekdays are read in UTC. " +
              "Add a timezone (IANA name) to the profiles, or a profile_updated event setting it.";
        return new BundleTimeFeatures(profiles.Count, without, note);
    }

    private static bool NamesKnownZone(UserEvent update) =>
        ProfileAttributes.Parse(update.Properties).Any(a => a.Key == ProfileAttributes.Timezone && LocalTime.IsKnown(a.Value.Text));
}
