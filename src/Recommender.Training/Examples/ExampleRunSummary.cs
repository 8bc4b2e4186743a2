using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>What a run of <see cref="ExamplePipeline"/> read, produced and skipped.</summary>
/// <param name="Examples">Rows written, by arm, and sends skipped.</param>
/// <param name="Users">Users replayed.</param>
/// <param name="UsersWithoutProfile">Users replayed without a profile row (their profile features read as missing).</param>
/// <param name="Events">Events replayed (valid, duplicates removed), the decision log's control rows included.</param>
/// <param name="Read">The reader's summary of the final pass: rows, duplicates skipped, issues.</param>
/// <param name="Partitioned">Null when the input was grouped by user and streamed in one pass; else why the partitioned pass ran.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
/// <param name="DecisionLog">What the job's decision log contributed (its control rows are among <paramref name="Events"/>); null without one.</param>
public sealed record ExampleRunSummary(
    ExampleCounts Examples,
    long Users,
    long UsersWithoutProfile,
    long Events,
    EventReadSummary Read,
    string? Partitioned,
    TimeSpan Elapsed,
    DecisionLogInput? DecisionLog = null);
