using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>What the store holds for one user at one read: version 0 means the user has no stored state.</summary>
public sealed record UserSnapshot(string UserId, UserState State, UserProfile? Profile, long Version);

/// <summary>Counts of one applied batch.</summary>
public sealed record ApplyResult(int Applied, int Duplicates, int Users);
