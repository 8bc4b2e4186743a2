using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>What the store holds for one user at one read: version 0 means the user has no stored state.</summary>
public sealed record UserSnapshot(string UserId, UserState State, UserProfile? Profile, long Version)
{
    /// <summary>A user as a store keeps them: state bytes (null: no state yet) and profile JSON (null: none).</summary>
    /// <exception cref="InvalidDataException">The stored state cannot be decoded.</exception>
    public static UserSnapshot Decode(string userId, long version, byte[]? state, string? profileJson) =>
        new(userId, state is null ? new UserState() : UserState.FromBytes(state), ProfileJson.Read(profileJson), version);
}

/// <summary>
/// Counts of one applied batch. <see cref="Expired"/>: events not applied because they are dated before their user's
/// idempotency horizon (see <see cref="UserEventFold"/>), in batch order.
/// </summary>
public sealed record ApplyResult(int Applied, int Duplicates, int Users)
{
    public IReadOnlyList<ExpiredEvent> Expired { get; init; } = [];
}

/// <summary>An event of a batch that was not applied: dated before <paramref name="NotBefore"/>, its user's latest event − the horizon.</summary>
/// <param name="Index">Its index in the batch.</param>
public sealed record ExpiredEvent(int Index, DateTime NotBefore);
