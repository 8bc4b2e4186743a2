using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Recommender.Benchmarks;
using Recommender.Training.Examples;

// Each operation is a full pass over a million-plus events (seconds), so a few iterations give tight intervals;
// the machine is shared, which a short run also respects.
var events = await EventTableInfo.CountRowsAsync(Path.Combine(ExampleThroughputBenchmarks.DataDirectory, "events.parquet"));
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5))
    .AddColumn(new ThroughputColumn(events));
BenchmarkSwitcher.FromAssembly(typeof(ExampleThroughputBenchmarks).Assembly).Run(args, config);
