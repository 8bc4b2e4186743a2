using Recommender.Core.Randomness;

namespace Recommender.Simulation;

/// <summary>
/// When in the local day a user is active and how much each channel reaches them: hidden, like the other traits, and
/// visible only in behaviour (the hours of the user's product actions, the messages opened on each channel). A
/// message's lift is multiplied by <see cref="Factor"/> at the local hour and on the channel it arrives on.
/// </summary>
/// <param name="PeakHour">The local hour (fractional) at which the user is most active.</param>
/// <param name="Spread">The width in hours (standard deviation) of the activity peak.</param>
/// <param name="Email">Responsiveness to email, log-normal with mean 1 over users.</param>
/// <param name="Push">Responsiveness to push, log-normal with mean 1 over users.</param>
/// <param name="InApp">Responsiveness to in-app messages, log-normal with mean 1 over users.</param>
public sealed record ArrivalTraits(double PeakHour, double Spread, double Email, double Push, double InApp)
{
    /// <summary>
    /// Share of activity outside the peak: nobody is entirely absent during the day, and a message at an off-peak hour
    /// still works a little.
    /// </summary>
    public const double Floor = 0.3;

    /// <summary>No hour or channel better than another: the world as it was before it learnt time and channel.</summary>
    public static ArrivalTraits Flat { get; } = new(13, double.PositiveInfinity, 1, 1, 1);

    /// <summary>
    /// The world's daily decision points fall uniformly in local hours [9, 18) (<c>UserLife</c>): the hour lift averages 1
    /// over them, so a policy that sends when it is asked meets on average the lifts the world had before it learnt time.
    /// </summary>
    public const int DecisionHourFrom = 9, DecisionHourTo = 18;

    /// <summary>No hour makes a message more than 2.5 times as effective as at an average decision hour.</summary>
    public const double MaxHourLift = 2.5;

    /// <summary>Organic product actions fall in local hours [7, 23), as they always did; within them, by <see cref="Weight"/>.</summary>
    public const int OrganicFrom = 7, OrganicTo = 23;

    /// <summary>Draws the traits from their own stream, so every draw the world made before stays where it was.</summary>
    public static ArrivalTraits Draw(DeterministicRandom rng)
    {
        // Morning people, office-hours people and evening people; the evening peak stays before the usual quiet hours.
        var kind = rng.NextDouble();
        var peak = kind < 0.4 ? 7.5 + 3 * rng.NextDouble()
            : kind < 0.75 ? 11 + 5 * rng.NextDouble()
            : 18 + 2.5 * rng.NextDouble();
        var spread = 1.2 + 1.8 * rng.NextDouble();
        return new ArrivalTraits(peak, spread, LogNormal(rng), LogNormal(rng), LogNormal(rng));
    }

    /// <summary>Relative activity at local hour <paramref name="hour"/> (the middle of the hour).</summary>
    public double Weight(int hour)
    {
        if (double.IsPositiveInfinity(Spread))
        {
            return 1;
        }

        var d = Math.Abs(hour + 0.5 - PeakHour);
        d = Math.Min(d, 24 - d);
        return Floor + Math.Exp(-d * d / (2 * Spread * Spread));
    }

    /// <summary>How much more a message moves the user at local hour <paramref name="hour"/> than at an average decision hour.</summary>
    public double HourLift(int hour)
    {
        var mean = 0.0;
        for (var h = DecisionHourFrom; h < DecisionHourTo; h++)
        {
            mean += Weight(h);
        }

        mean /= DecisionHourTo - DecisionHourFrom;
        return Math.Min(MaxHourLift, Weight(hour) / mean);
    }

    /// <summary>Responsiveness to <paramref name="channel"/>; a channel the world does not know reaches the user as an average one.</summary>
    public double Channel(string channel) => channel switch
    {
        "email" => Email,
        "push" => Push,
        "in_app" => InApp,
        _ => 1,
    };

    /// <summary>The multiplier of a message's lift arriving at local hour <paramref name="hour"/> on <paramref name="channel"/>.</summary>
    public double Factor(int hour, string channel) => HourLift(hour) * Channel(channel);

    /// <summary>
    /// The local hour of an organic action from one uniform draw <paramref name="u"/>: the inverse of the activity's
    /// distribution over [<see cref="OrganicFrom"/>, <see cref="OrganicTo"/>), uniform within an hour. One draw, as
    /// before, so the rest of the user's random stream is unchanged.
    /// </summary>
    public double OrganicHour(double u)
    {
        var total = 0.0;
        for (var h = OrganicFrom; h < OrganicTo; h++)
        {
            total += Weight(h);
        }

        var target = u * total;
        for (var h = OrganicFrom; h < OrganicTo; h++)
        {
            var w = Weight(h);
            if (target < w)
            {
                return h + target / w;
            }

            target -= w;
        }

        return OrganicTo - 1e-9;
    }

    /// <summary>exp(0.4 N − 0.08): median a little under 1, mean 1.</summary>
    private static double LogNormal(DeterministicRandom rng) => Math.Exp(0.4 * rng.Normal() - 0.08);
}
