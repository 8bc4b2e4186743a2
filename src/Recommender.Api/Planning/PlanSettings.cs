using Recommender.Decisioning.Timing;

namespace Recommender.Api.Planning;

/// <summary>What <c>recommender plan</c> was asked to do (see docs/plan.md).</summary>
public sealed record PlanSettings
{
    /// <summary>The state store to plan from (<c>sqlite:PATH</c> or <c>redis:HOST:PORT</c>); exactly one of this and <see cref="Data"/>.</summary>
    public string? Store { get; init; }

    /// <summary>A data folder to plan from: each user's events and dated profile rows before <see cref="At"/> are folded.</summary>
    public string? Data { get; init; }

    /// <summary>The model bundle; null serves the baseline scorer, as <c>serve</c> without <c>--model</c> does.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// The catalog.json the API serves (<c>Catalog:Path</c>); with <see cref="Data"/> the folder's catalog is the default.
    /// A plan with no catalog at all is refused: every user would be told "send nothing".
    /// </summary>
    public string? Catalog { get; init; }

    /// <summary>The instant every decision of the plan is made for (each user's <c>as_of</c>).</summary>
    public required DateTime At { get; init; }

    /// <summary>A file naming the audience (see <see cref="PlanAudience"/>); null plans every user of the store.</summary>
    public string? Users { get; init; }

    /// <summary>The plan file: <c>.parquet</c> or <c>.csv</c>.</summary>
    public required string Out { get; init; }

    /// <summary>Record nothing: no pending send, no decision log. Only the plan file is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>The decision log folder the plan's decisions are appended to; null logs nothing.</summary>
    public string? DecisionLog { get; init; }

    /// <summary>More configuration, as <c>Section:Key</c> pairs (the same keys as <c>serve</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Users decided per chunk: the memory the plan holds at once, whatever the audience's size.</summary>
    public int ChunkSize { get; init; } = 4_096;

    /// <summary>
    /// Bound the process's managed heap for the plan (<see cref="PlanHeapLimit"/>): the CLI does, a process whose heap
    /// serves other work too (a test host) does not.
    /// </summary>
    public bool BoundHeap { get; init; }

    /// <summary>
    /// The look-ahead every decision of the plan searches for its send's instant and channel (<c>--look-ahead-hours</c>);
    /// null plans "now only", as before. The plan file then gains the columns <c>send_at</c> and <c>channel</c>, and each
    /// planned send is recorded as pending at its <c>send_at</c>.
    /// </summary>
    public SendTimeOptions? SendTime { get; init; }

    /// <summary>Threads deciding at once; 0 = one per core (reads are batched ahead of the deciding, so it only computes).</summary>
    public int Parallelism { get; init; }
}
