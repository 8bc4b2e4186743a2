using System.Collections.Concurrent;
using Recommender.Decisioning;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>Thread-safe counters a closed-loop run fills while users are lived in parallel.</summary>
public sealed class SimulationTally
{
    private readonly ConcurrentDictionary<string, long> _suppressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byUserMicros = new(StringComparer.Ordinal);
    private long _decisions;
    private long _sends;
    private long _expectedValueMicros;

    public long Decisions => Interlocked.Read(ref _decisions);

    public long Sends => Interlocked.Read(ref _sends);

    /// <summary>Σ value × true uplift over sends: the incremental value the policy created, measured with the world's truth.</summary>
    public double ExpectedIncrementalValue => Interlocked.Read(ref _expectedValueMicros) / 1e6;

    public IReadOnlyDictionary<string, long> Suppressions => new SortedDictionary<string, long>(_suppressions, StringComparer.Ordinal);

    public void Record(Decision decision)
    {
        foreach (var s in decision.Suppressed)
        {
            _suppressions.AddOrUpdate(s.Rule, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The incremental value the policy's sends created for <paramref name="userId"/> (the world's truth).</summary>
    public double IncrementalValueOf(string userId) => _byUserMicros.GetValueOrDefault(userId) / 1e6;

    internal void RecordDecision() => Interlocked.Increment(ref _decisions);

    /// <summary>A send that went out (a scheduled one counts when it goes, not when it was decided).</summary>
    internal void RecordSend(string userId, double incrementalValue)
    {
        Interlocked.Increment(ref _sends);
        // Fixed-point sum: a double sum across threads would depend on the order of additions.
        var micros = (long)Math.Round(incrementalValue * 1e6);
        Interlocked.Add(ref _expectedValueMicros, micros);
        _byUserMicros.AddOrUpdate(userId, micros, (_, total) => total + micros);
    }
}
