using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Recommender.Training.Examples;

namespace Recommender.Benchmarks.Examples;

/// <summary>
/// Each operation is a full pass over a million-plus events (seconds), so one warm-up and five measured passes give
/// usable intervals, and a short run respects a shared machine. In process: at seconds per operation the harness'
/// overhead is noise, and it spares a loaded machine the rebuild of a boilerplate project (which timed out at load 20).
/// Adds the events/s column.
/// </summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
        var events = EventTableInfo.CountRowsAsync(Path.Combine(ExampleThroughputBenchmarks.DataDirectory, "events.parquet")).GetAwaiter().GetResult();
        AddColumn(new ThroughputColumn(events ?? 0));
    }
}
