using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Timing;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// The world's true arrival profile of the user being decided for: the lift of each local hour and the responsiveness
/// to each channel, from the hidden <see cref="ArrivalTraits"/>. With an <see cref="OracleScorer"/> that scores at an
/// average hour (<see cref="OracleScorer.HourNeutral"/>), the engine's value at an instant and on a channel is the
/// world's: the lift is linear in the arrival factor until it reaches the world's ceiling of 0.9.
/// </summary>
public sealed class OracleArrivalModel : IArrivalModel
{
    private static readonly string[] KnownChannels = ["email", "push", "in_app"];

    /// <summary>The decision point being scored; set through <see cref="EnginePolicy"/>'s before-decide hook.</summary>
    public DecisionContext? Current { get; set; }

    public ArrivalProfile Profile(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf)
    {
        var traits = (Current ?? throw new InvalidOperationException("The oracle's arrival model only works inside a simulation run.")).ArrivalTraits;
        var hours = new double[24];
        for (var h = 0; h < 24; h++)
        {
            hours[h] = traits.HourLift(h);
        }

        var channels = new (string, double)[KnownChannels.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = (KnownChannels[i], traits.Channel(KnownChannels[i]));
        }

        // A channel the world does not know reaches the user as an average one (ArrivalTraits.Channel).
        return new ArrivalProfile(hours, channels, 1);
    }
}
