using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Timing;

/// <summary>
/// A user's responsiveness by local hour of day from the hours of their product actions: the actions are smoothed over
/// neighbouring hours on the circular clock, shrunk towards "every sendable hour alike", and expressed relative to the
/// average sendable hour.
/// </summary>
/// <remarks>
/// <para>Why each step (the measured effect of each is in results.md, "When and on which channel"):</para>
/// <list type="bullet">
/// <item>Smoothing: a few dozen actions a month leave most hours with a handful of counts, and a person's active hours
/// are a peak a few hours wide, not a set of unrelated hours, so an hour's neighbours are evidence about it. A
/// Gaussian kernel of <see cref="Bandwidth"/> hours on the circular clock (23:00 neighbours 00:00) pools them.</item>
/// <item>Shrinkage: <see cref="PriorActions"/> pseudo-actions spread evenly over the sendable hours, so that a user with
/// little history gets factors near 1 (and the best of a day's noisy hours is not trusted at face value). The target is the sendable hours, not all 24: a flat prior over the night lends
/// the night activity nobody shows and lowers every daytime factor.</item>
/// <item>Reference: the factors average 1 over the sendable hours (outside the policy's quiet hours; all 24 without
/// quiet hours). The model's estimate is a send's effect at the hours sends went out at, and a send goes out only
/// outside quiet hours; normalising over all 24 hours instead raised every daytime factor by the share of the day the
/// user sleeps, so more sends cleared the engine's threshold than their value warranted.</item>
/// </list>
/// </remarks>
public static class HourFactors
{
    /// <summary>The smoothing kernel's standard deviation, in hours: activity peaks are one to three hours wide.</summary>
    public const double Bandwidth = 1.5;

    /// <summary>
    /// Pseudo-actions spread over the sendable hours. More than an estimate of one hour alone would want: the engine sends
    /// at the best of a day's hours and channels, and the best of many noisy estimates is too high on average (the
    /// optimiser's curse), which buys sends whose value is not there. The figure was chosen among 2.4, 12, 24 and 48 on
    /// two worlds (results.md, "When and on which channel"): 12 gave two points more value and more opt-outs than the
    /// message-only policy on one of them.
    /// </summary>
    public const double PriorActions = 24;

    /// <summary>No hour is trusted to make a message worth more than 3× or less than a fifth of an average sendable hour.</summary>
    public const double MinFactor = 0.2, MaxFactor = 3;

    /// <summary>Above this factor the evidence is discounted progressively towards <see cref="MaxFactor"/> (<see cref="Saturate"/>).</summary>
    public const double SoftFrom = 2;

    private static readonly double[] Kernel = BuildKernel();

    /// <summary><see cref="Kernel"/> twice over, so that the weight of hour h from hour k is entry h − k + 24 without a remainder.</summary>
    private static readonly double[] CircularKernel = [.. Kernel, .. Kernel];

    /// <summary>
    /// The 24 factors from <paramref name="counts"/> (product actions per local hour, <paramref name="total"/> in all)
    /// for a policy with <paramref name="quiet"/> hours (null: none).
    /// </summary>
    public static double[] From(ReadOnlySpan<int> counts, int total, QuietHours? quiet)
    {
        if (counts.Length != 24)
        {
            throw new ArgumentException($"Expected 24 hour counts, found {counts.Length}.", nameof(counts));
        }

        // Once per call, not per term: the smoothing below is the hot part of a look-ahead's arrival profile.
        Span<bool> open = stackalloc bool[24];
        var sendable = 0;
        for (var h = 0; h < 24; h++)
        {
            open[h] = Sendable(quiet, h);
            sendable += open[h] ? 1 : 0;
        }

        if (sendable == 0)
        {
            // Quiet around the clock: only transactional messages go out, at any hour; compare with the whole day.
            open.Fill(true);
            sendable = 24;
        }

        // The hours with actions, in order: an hour without any adds exactly nothing to a sum, so skipping it changes
        // no bit of the result, and most users leave the night hours empty.
        Span<int> busy = stackalloc int[24];
        var busyCount = 0;
        for (var k = 0; k < 24; k++)
        {
            if (counts[k] != 0)
            {
                busy[busyCount++] = k;
            }
        }

        var factors = new double[24];
        var mean = 0.0;
        for (var h = 0; h < 24; h++)
        {
            var smoothed = 0.0;
            foreach (var k in busy[..busyCount])
            {
                smoothed += counts[k] * CircularKernel[h - k + 24];
            }

            var prior = open[h] ? PriorActions / sendable : 0;
            factors[h] = (smoothed + prior) / (total + PriorActions);
            mean += open[h] ? factors[h] / sendable : 0;
        }

        for (var h = 0; h < 24; h++)
        {
            factors[h] = Saturate(factors[h] / mean);
        }

        return factors;
    }

    /// <summary>
    /// The factor trusted for a ratio <paramref name="x"/> to the average sendable hour: <paramref name="x"/> itself from
    /// <see cref="MinFactor"/> to <see cref="SoftFrom"/>, then rising ever more slowly towards <see cref="MaxFactor"/>.
    /// Strictly increasing above the floor, so a user's busiest hour stays their best hour: a hard cap made the hours around a
    /// sharp peak equal, and the delay cost then sent an hour early.
    /// </summary>
    public static double Saturate(double x) =>
        x <= SoftFrom ? Math.Max(MinFactor, x) : SoftFrom + (MaxFactor - SoftFrom) * (1 - Math.Exp(-(x - SoftFrom) / (MaxFactor - SoftFrom)));

    private static bool Sendable(QuietHours? quiet, int hour) => quiet is null || !quiet.Contains(hour);

    /// <summary>Weights by circular distance 0–23 h, summing to 1, so smoothing keeps the number of actions.</summary>
    private static double[] BuildKernel()
    {
        var kernel = new double[24];
        var sum = 0.0;
        for (var d = 0; d < 24; d++)
        {
            var x = Math.Min(d, 24 - d);
            kernel[d] = Math.Exp(-x * x / (2 * Bandwidth * Bandwidth));
            sum += kernel[d];
        }

        for (var d = 0; d < 24; d++)
        {
            kernel[d] /= sum;
        }

        return kernel;
    }
}
