using Recommender.Data.Profiles;
using Recommender.Models;
using Recommender.Simulation;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// <c>train --time-features</c>: the bundle carries the features and says for how many users they read a local clock;
/// profiles without a time zone are read in UTC, and the manifest says how many.
/// </summary>
public sealed class TimeFeaturesTrainingTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    [Fact]
    public async Task Profiles_without_a_known_zone_are_counted_in_the_manifest_and_the_bundle_serves_the_time_features()
    {
        var data = trained.Scratch("zones");
        TrainingData.CopyInputs(trained.Data, data);
        var path = Path.Combine(data, DataSetWriter.ProfilesFile);
        var profiles = await ProfileParquetReader.ReadAsync(path, null);
        // Every third profile loses its zone (the data contract refuses a zone it does not know, so missing is the case).
        var changed = profiles.Select((p, i) => i % 3 == 0 ? p with { Timezone = null } : p).ToList();
        await ProfileParquetWriter.WriteAsync(path, changed);
        var expected = changed.Count(p => p.Timezone is null);
        Assert.InRange(expected, 1, changed.Count - 1);

        var bundle = trained.Scratch("bundle");
        var result = await new TrainingJob(TrainingData.FastOptions with { TimeAndChannelFeatures = true }, FixedTime.Default).RunAsync(data, bundle);

        var time = Assert.IsType<Models.Manifest.BundleTimeFeatures>(result.Manifest.TimeFeatures);
        Assert.InRange(time.Users, result.Examples.Users * 9 / 10, result.Examples.Users); // the users with example rows
        // The users of the examples whose profile lost its zone: some, not all, and no more than the profiles changed.
        Assert.InRange(time.UsersWithoutZone, 1, Math.Min(expected, time.Users - 1));
        Assert.Contains("read in UTC", time.Note, StringComparison.Ordinal);
        Assert.True(ModelBundle.ReadManifest(bundle).FeatureSchemaOptions.TimeAndChannel);
        Assert.Contains("time.actions_at_hour_ratio", result.Manifest.FeatureNames);

        // Without the flag: no time features, and nothing said about zones.
        Assert.Null(trained.Result.Manifest.TimeFeatures);
        Assert.DoesNotContain("time.local_hour", trained.Result.Manifest.FeatureNames);
    }

    [Fact]
    public void A_user_without_a_profile_row_counts_as_read_in_utc_like_one_whose_profile_names_no_zone()
    {
        var dated = new Core.Events.UserEvent("u", "d", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Core.Events.EventTypes.ProfileUpdated,
            Properties: """{"timezone":"Asia/Tokyo"}""");
        Core.Profiles.UserProfile[] profiles =
        [
            new("a", Timezone: "Europe/Berlin"),
            new("b"),
            new("d") { Updates = [dated] },
            new("e", Timezone: "Europe/Paris"),
        ];

        // a: a zone; b: a profile without one; c: no profile row at all; d: a zone in a dated value. e has no examples.
        var time = TimeFeatureZones.Describe(["a", "b", "b", "c", "d"], profiles);

        Assert.Equal(4, time.Users);
        Assert.Equal(2, time.UsersWithoutZone);
        Assert.StartsWith("2 of 4 users have no profile naming a time zone", time.Note, StringComparison.Ordinal);
        Assert.Equal(0, TimeFeatureZones.Describe(["a", "d"], profiles).UsersWithoutZone);
    }
}
