namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// What a closed-loop run produced: the <c>results.json</c> of <c>recommender simulate</c>.
/// <see cref="TotalValue"/> is the incremental value created (Σ value × true uplift of each send), the quantity
/// a next-best-message policy exists to maximise; <see cref="RealizedValue"/> is the naive attributed value
/// (value of every goal reached inside a send's window, organic or not), given for comparison with how
/// campaign tools usually report.
/// </summary>
public sealed record SimulationResult
{
    public required string Policy { get; init; }

    public required int Users { get; init; }

    public required int Days { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Sends followed by their goal within the goal window.</summary>
    public required long Goals { get; init; }

    public required double TotalValue { get; init; }

    public required double RealizedValue { get; init; }

    public required long Sends { get; init; }

    public required long Decisions { get; init; }

    public required long Unsubscribes { get; init; }

    public required long Complaints { get; init; }

    /// <summary>Candidates removed per hard-rule id, over all decisions (empty for policies that bypass the engine).</summary>
    public required IReadOnlyDictionary<string, long> Suppressions { get; init; }
}
