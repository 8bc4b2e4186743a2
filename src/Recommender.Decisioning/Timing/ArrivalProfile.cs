namespace Recommender.Decisioning.Timing;

/// <summary>
/// One user's responsiveness by local hour of day (24 factors averaging 1) and by channel (a relative engagement
/// rate per channel). <see cref="Factor"/> is their product, with the channel taken relative to the message's own.
/// </summary>
public sealed class ArrivalProfile
{
    private readonly double[] _hours;
    private readonly (string Channel, double Rate)[] _channels;
    private readonly double _defaultRate;

    /// <param name="hours">24 factors, one per local hour.</param>
    /// <param name="channels">Engagement rate per channel; a channel not listed gets <paramref name="defaultRate"/>.</param>
    /// <param name="defaultRate">The rate of a channel with no history (the pooled rate); must be positive.</param>
    public ArrivalProfile(double[] hours, (string Channel, double Rate)[] channels, double defaultRate)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(channels);
        if (hours.Length != 24)
        {
            throw new ArgumentException($"Expected 24 hour factors, found {hours.Length}.", nameof(hours));
        }

        if (!(defaultRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultRate), defaultRate, "The default rate must be positive.");
        }

        _hours = hours;
        _channels = channels;
        _defaultRate = defaultRate;
    }

    /// <summary>Every hour and channel alike: the value a model estimated, unchanged.</summary>
    public static ArrivalProfile Neutral { get; } = new(Enumerable.Repeat(1.0, 24).ToArray(), [], 1);

    public double Hour(int localHour) => _hours[localHour];

    public double ChannelRate(string channel)
    {
        foreach (var (c, rate) in _channels)
        {
            if (c == channel)
            {
                return rate;
            }
        }

        return _defaultRate;
    }

    /// <summary>Responsiveness at <paramref name="localHour"/> on <paramref name="channel"/>, for a message whose own channel is <paramref name="ownChannel"/>.</summary>
    public double Factor(int localHour, string channel, string ownChannel) =>
        channel == ownChannel ? _hours[localHour] : Factor(localHour, false, ChannelRate(channel), ChannelRate(ownChannel));

    /// <summary>
    /// <see cref="Factor(int, string, string)"/> with the channel's and the message's own rates looked up once: a
    /// search over every hour of a look-ahead asks the same channels at each.
    /// </summary>
    public double Factor(int localHour, bool ownChannel, double rate, double ownRate) =>
        ownChannel ? _hours[localHour] : _hours[localHour] * rate / ownRate;
}
