using System.Globalization;
using Recommender.Core.Profiles;
using Recommender.Scoring;
using Recommender.Training.Learners;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// The notes a bundle's manifest keeps are the same text whatever culture the training process runs in (a notebook, a
/// host of its own): before, a German one wrote "Platt slope -0,119" and "4.038 hold-out decisions", so the same data
/// and seed gave another manifest.
/// </summary>
public sealed class ManifestCultureTests
{
    [Fact]
    public void Notes_read_alike_in_a_german_process()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            var slope = Assert.Throws<TrainingDataException>(() => BinaryModelTrainer.CheckSlope("fatigue", new PlattScaling(-0.119, 0), 1964));
            var zones = TimeFeatureZones.Describe(Enumerable.Range(0, 1500).Select(i => $"u{i}"), [new UserProfile("u1", Timezone: "Europe/Berlin")]);

            Assert.Contains("its 1,964 held-out calibration rows (Platt slope -0.119)", slope.Message, StringComparison.Ordinal);
            Assert.StartsWith("1,499 of 1,500 users", zones.Note, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
