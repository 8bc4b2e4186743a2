namespace Recommender.Api.Stores;

/// <summary>
/// Bounds every call to the state store by <see cref="StoreOptions.Timeout"/>: a store that hangs (a stopped Redis, a
/// disk that stalls) gives <see cref="StoreUnavailableException"/> within it, so a decision answers "send nothing",
/// an event post 503 and readiness "not ready" in a quarter of a second instead of whenever the client library gives up.
/// </summary>
/// <remarks>
/// A write that ran out of time may still complete afterwards (the store does not know the caller stopped waiting):
/// the caller heard 503 and retries, which the event keys make harmless; a send recorded late still counts against
/// the caps, which is the safe side. Calls that finish at once (the SQLite store's cached reads) pay nothing.
/// </remarks>
internal sealed class TimeLimitedStore(IUserStateStore inner, TimeSpan timeout) : IUserStateStore, IDisposable
{
    /// <summary>The store without the time limit: for the bootstrap, whose batches of thousands of events take longer.</summary>
    public IUserStateStore Inner => inner;

    public Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default) => Within(inner.ReadAsync(userId, ct), "read", ct);

    /// <summary>The batch within the limit; a batch that runs out of time is a failed read for each of its users.</summary>
    public async Task<IReadOnlyList<UserRead>> ReadManyAsync(IReadOnlyList<string> userIds, CancellationToken ct = default)
    {
        try
        {
            return await Within(inner.ReadManyAsync(userIds, ct), "read", ct).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            return [.. userIds.Select(id => UserRead.Failed(id, e))];
        }
    }

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<Core.Events.UserEvent> events, CancellationToken ct = default) =>
        Within(inner.ApplyAsync(events, ct), "write", ct);

    public Task<bool> TryRecordSendAsync(string userId, long expectedVersion, Core.Events.UserEvent send, CancellationToken ct = default) =>
        Within(inner.TryRecordSendAsync(userId, expectedVersion, send, ct), "write", ct);

    /// <summary>Not time-limited as a whole: an enumeration of a million users takes longer than any one call.</summary>
    public IAsyncEnumerable<string> UsersAsync(CancellationToken ct = default) => inner.UsersAsync(ct);

    public async Task PutProfilesAsync(IReadOnlyList<Core.Profiles.UserProfile> profiles, CancellationToken ct = default) =>
        await Within(Completed(inner.PutProfilesAsync(profiles, ct)), "write", ct).ConfigureAwait(false);

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await Within(inner.PingAsync(ct), "ping", ct).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async Task<T> Within<T>(Task<T> task, string what, CancellationToken ct)
    {
        if (task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        try
        {
            return await task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // The call goes on without a caller: observe its end so that a late failure is not an unobserved exception.
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new StoreUnavailableException(
                $"The state store did not answer a {what} within {timeout.TotalMilliseconds:0} ms (Store:Timeout).", e);
        }
    }

    private static async Task<bool> Completed(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }
}
