using System.Runtime.ExceptionServices;

namespace Recommender.Api.Stores;

/// <summary>
/// One user's part of a batch read (<see cref="IUserStateStore.ReadManyAsync"/>): what the store answered, decoded only
/// when <see cref="Snapshot"/> is asked for. A plan reads a chunk of users in one statement and has its deciding
/// threads decode them, so the decoding runs on every core instead of on the one thread that reads.
/// </summary>
public sealed class UserRead
{
    private readonly long _version;
    private readonly byte[]? _state;
    private readonly string? _profile;
    private readonly UserSnapshot? _snapshot;
    private readonly ExceptionDispatchInfo? _error;

    private UserRead(string userId, long version, byte[]? state, string? profile, UserSnapshot? snapshot, ExceptionDispatchInfo? error)
    {
        UserId = userId;
        _version = version;
        _state = state;
        _profile = profile;
        _snapshot = snapshot;
        _error = error;
    }

    public string UserId { get; }

    /// <summary>Stored bytes as read (version 0 and no state when the user has none), decoded on demand.</summary>
    internal static UserRead Stored(string userId, long version, byte[]? state, string? profile) => new(userId, version, state, profile, null, null);

    /// <summary>A snapshot read on its own.</summary>
    public static UserRead Of(UserSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new UserRead(snapshot.UserId, snapshot.Version, null, null, snapshot, null);
    }

    /// <summary>A read that failed (<see cref="StoreUnavailableException"/>, or stored bytes that cannot be decoded): <see cref="Snapshot"/> throws it.</summary>
    public static UserRead Failed(string userId, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new UserRead(userId, 0, null, null, null, ExceptionDispatchInfo.Capture(error));
    }

    /// <summary>What <see cref="IUserStateStore.ReadAsync"/> would have answered at the batch's read, with the same exceptions.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be read.</exception>
    /// <exception cref="InvalidDataException">The stored state cannot be decoded.</exception>
    public UserSnapshot Snapshot()
    {
        _error?.Throw();
        return _snapshot ?? UserSnapshot.Decode(UserId, _version, _state, _profile);
    }
}
