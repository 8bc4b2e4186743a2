using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Decisioning.Timing;

/// <summary>
/// How responsive a user is to a message arriving at a given local hour on a given channel, relative to the
/// message's own channel at an average hour: the factor a send-time decision multiplies a candidate's value by.
/// </summary>
public interface IArrivalModel
{
    /// <summary>The user's arrival profile at <paramref name="asOf"/>, from what the state holds strictly before it.</summary>
    ArrivalProfile Profile(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf);
}
