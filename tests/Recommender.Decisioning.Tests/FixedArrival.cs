using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>The same arrival profile for every user: what a test sets, not what the user's history says.</summary>
internal sealed class FixedArrival(ArrivalProfile profile) : IArrivalModel
{
    public ArrivalProfile Profile(UserState state, UserProfile? userProfile, MessageCatalog catalog, DateTime asOf) => profile;
}
