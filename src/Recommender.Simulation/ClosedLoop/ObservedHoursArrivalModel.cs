using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Timing;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// A diagnostic arrival profile: the hours as the user's behaviour shows them (<see cref="ObservedArrivalModel"/>) and
/// the channels as the world knows them (<see cref="OracleArrivalModel"/>). Against the oracle's profile and the
/// observed one, it tells which of the two halves the observed model loses value on.
/// </summary>
public sealed class ObservedHoursArrivalModel(OracleArrivalModel truth) : IArrivalModel
{
    private static readonly string[] KnownChannels = ["email", "push", "in_app"];

    public ArrivalProfile Profile(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf)
    {
        var observed = ObservedArrivalModel.Instance.Profile(state, profile, catalog, asOf);
        var world = truth.Profile(state, profile, catalog, asOf);
        var hours = new double[24];
        for (var h = 0; h < 24; h++)
        {
            hours[h] = observed.Hour(h);
        }

        var channels = new (string, double)[KnownChannels.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = (KnownChannels[i], world.ChannelRate(KnownChannels[i]));
        }

        return new ArrivalProfile(hours, channels, 1);
    }
}
