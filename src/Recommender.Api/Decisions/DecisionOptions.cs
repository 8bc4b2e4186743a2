using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Decisions;

/// <summary>Section <c>Decisions</c>.</summary>
public sealed class DecisionOptions
{
    public const string Section = "Decisions";

    /// <summary>
    /// Record the chosen send in the user's state when deciding (conditional on the state read), so that racing
    /// decisions for one user, in this process or another, can never spend the same cap twice. The caller's later
    /// <c>message_sent</c> with the same <c>decision_id</c> is then recognised as the same send. A decision that is
    /// not acted on still counts against the caps: the safe side.
    /// </summary>
    public bool RecordSends { get; set; } = true;

    /// <summary>Read-decide-record attempts when another writer changed the user in between; then "send nothing".</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Seed of the exploration draw (keyed by decision id), so every decision replays exactly.</summary>
    public ulong ExplorationSeed { get; set; }

    /// <summary>Most candidate ids one request may name.</summary>
    [Range(1, 10_000)]
    public int MaxCandidates { get; set; } = 1_000;

    /// <summary>Most decision requests one <c>POST /v1/decisions/batch</c> may carry; more is refused whole (400).</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>
    /// How many users of one batch are decided at once. Each user's entries are decided one after another in batch
    /// order (the second sees the first's send, as two single requests would); different users go side by side, so a
    /// batch against Redis waits for round trips in parallel rather than one after the other.
    /// </summary>
    [Range(1, 1_024)]
    public int BatchParallelism { get; set; } = 16;
}
