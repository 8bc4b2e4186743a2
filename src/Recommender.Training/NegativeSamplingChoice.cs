using System.Globalization;
using Recommender.Models.Manifest;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>
/// Whether a run samples its negatives, and at what rate (<see cref="TrainingOptions.NegativeRate"/>): given, or chosen
/// by the size of the events table, which its Parquet footers tell before a row is read. The words say which and why,
/// for <c>train</c>'s output, the manifest and the report.
/// </summary>
internal sealed record NegativeSamplingChoice(double Rate, bool Auto, string Note)
{
    public bool Samples => Rate < 1;

    /// <param name="events">Rows of the events table; null when the footers could not be read (then nothing is sampled by default).</param>
    public static NegativeSamplingChoice For(TrainingOptions options, long? events)
    {
        if (options.NegativeRate is { } given)
        {
            return given < 1
                ? new(given, false, $"ON (--negative-rate {F(given)}): the fitting rows with no goal and no opt-out were kept with probability {F(given)}, each weighing {F(1 / given)}.")
                : new(1, false, "off (--negative-rate 1): every row was fitted.");
        }

        var size = events is { } n ? $"{n.ToString("N0", CultureInfo.InvariantCulture)} events" : "the events table's size unknown";
        var threshold = options.NegativeSamplingAboveEvents.ToString("N0", CultureInfo.InvariantCulture);
        if (events is not { } count || count <= options.NegativeSamplingAboveEvents || options.AutoNegativeRate >= 1)
        {
            return new(1, true, $"off (auto: {size}, sampling starts above {threshold}): every row was fitted.");
        }

        var rate = options.AutoNegativeRate;
        return new(rate, true,
            $"ON (auto: {size}, above {threshold}): the fitting rows with no goal and no opt-out were kept with probability {F(rate)}, each weighing {F(1 / rate)}, " +
            "so that training fits in memory. Pass --negative-rate 1 to fit every row.");
    }

    /// <summary>A sampler for one pass over the rows; null when nothing is sampled.</summary>
    public Func<NegativeSampler>? Sampler(TrainingOptions options) =>
        Samples ? () => new NegativeSampler(Rate, options.Seed, options.CalibrationFraction, options.ValidationDays) : null;

    /// <summary>The manifest's <c>negative_sampling</c>, with what the sampler of <paramref name="table"/> did.</summary>
    public BundleNegativeSampling Describe(ExampleTable table) =>
        new(Rate, Auto ? "auto" : "option", table.Sampler?.Drawn ?? 0, table.Sampler?.Kept ?? 0, Note);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
