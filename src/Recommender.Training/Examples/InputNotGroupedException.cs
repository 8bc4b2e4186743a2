namespace Recommender.Training.Examples;

/// <summary>
/// The events table is not grouped by user: <see cref="UserId"/> shows up again after other users' events.
/// The streaming pass cannot label such input correctly, so the pipeline restarts with the partitioned pass.
/// </summary>
internal sealed class InputNotGroupedException(string userId, string file, long nearRow)
    : Exception($"{file} near row {nearRow}: user '{userId}' appears again after other users' events; the events are not grouped by user.")
{
    public string UserId { get; } = userId;
}
