using Recommender.Api.Infrastructure;

namespace Recommender.Api.Stores;

/// <summary>
/// A batch over several users failed part way: the users named in <see cref="Committed"/> have all their events of the
/// batch in the store, those in <see cref="NotCommitted"/> none. Answered 503 with both lists; retrying the whole batch
/// is safe (the committed users' events count as duplicates), and is what the caller should do.
/// </summary>
/// <remarks>Only the Redis store, which commits each user on its own (one user's keys live in one Cluster slot), throws it.</remarks>
public sealed class BatchPartlyAppliedException(IReadOnlyList<string> committed, IReadOnlyList<string> notCommitted, Exception? inner = null)
    : ApiProblemException(
        $"The batch was committed for {committed.Count} of its {committed.Count + notCommitted.Count} users before the store failed " +
        $"({inner?.Message ?? "unknown error"}): \"users_committed\" hold all their events of the batch, \"users_not_committed\" none. " +
        "Send the whole batch again: events already committed count as duplicates.",
        inner)
{
    public IReadOnlyList<string> Committed { get; } = committed;

    public IReadOnlyList<string> NotCommitted { get; } = notCommitted;

    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    public override string Title => "Batch partly committed";

    public override IReadOnlyDictionary<string, object?> Extensions => new Dictionary<string, object?>
    {
        ["users_committed"] = Committed,
        ["users_not_committed"] = NotCommitted,
    };
}
