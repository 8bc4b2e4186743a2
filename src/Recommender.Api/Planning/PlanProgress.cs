namespace Recommender.Api.Planning;

/// <summary>How far a plan is: users decided and sends among them so far (reported after every chunk).</summary>
public sealed record PlanProgress(long Users, long Sends, TimeSpan Elapsed);

/// <summary>
/// What a finished plan did. <see cref="RecordedAfterChange"/>: sends recorded although their user's state changed
/// between planning and recording (an event arrived); <see cref="NotRecorded"/>: sends the store refused or could not
/// take (their users are listed in <see cref="NotRecordedUsers"/>, the first 20): caps count those only once the
/// caller's <c>message_sent</c> arrives.
/// </summary>
public sealed record PlanResult(
    string Out,
    long Users,
    long Sends,
    bool Recorded,
    long RecordedAfterChange,
    long NotRecorded,
    IReadOnlyList<string> NotRecordedUsers,
    int DecisionLogFiles,
    TimeSpan PlanTime,
    TimeSpan RecordTime)
{
    /// <summary>The managed heap's limit the plan ran under (<see cref="PlanHeapLimit"/>), in bytes; null: none.</summary>
    public long? HeapLimit { get; init; }
}
