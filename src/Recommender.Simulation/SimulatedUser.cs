using Recommender.Core.Profiles;

namespace Recommender.Simulation;

/// <summary>A user of the synthetic world: the public profile and the hidden traits.</summary>
public sealed record SimulatedUser(int Index, UserProfile Profile, UserTraits Traits);
