using Recommender.Core.Profiles;

namespace Recommender.Simulation;

/// <summary>A user of the synthetic world: the public profile and the hidden traits.</summary>
public sealed record SimulatedUser(int Index, UserProfile Profile, UserTraits Traits)
{
    /// <summary>The world gives every user a signup instant (the contract lets real profiles lack one).</summary>
    public DateTime SignupAt => Profile.SignupAt ?? throw new InvalidOperationException($"Simulated user {Profile.UserId} has no signup instant.");

    /// <summary>The world gives every user an IANA time zone.</summary>
    public string Timezone => Profile.Timezone ?? throw new InvalidOperationException($"Simulated user {Profile.UserId} has no time zone.");
}
