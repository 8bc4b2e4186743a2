namespace Recommender.Api.Stores;

/// <summary>
/// One caller's write, waiting for the group commit that makes it durable: its body runs inside the group's
/// transaction (under its own savepoint, so it is all or nothing), and its task completes only after COMMIT returned.
/// </summary>
internal abstract class SqliteWrite
{
    public abstract void Execute(SqliteWriteBatch batch);

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

/// <inheritdoc cref="SqliteWrite"/>
internal sealed class SqliteWrite<T>(Func<SqliteWriteBatch, T> body) : SqliteWrite
{
    // Continuations run elsewhere: the committer thread must go straight on to the next group.
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override void Execute(SqliteWriteBatch batch) => _result = body(batch);

    public override void Succeed() => _done.TrySetResult(_result!);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
