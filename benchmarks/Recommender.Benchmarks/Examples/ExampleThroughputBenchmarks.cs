using BenchmarkDotNet.Attributes;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Training.Examples;

namespace Recommender.Benchmarks.Examples;

/// <summary>
/// Training-example throughput next to the raw read of the same events table: the read is the floor any pass over
/// the table pays, so the ratio shows what the fold, the features, the labels and the writing cost on top.
/// </summary>
/// <remarks>Run: <c>RECOMMENDER_BENCH_DATA=/tmp/gen20k dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter '*ExampleThroughput*'</c>.</remarks>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ExampleThroughputBenchmarks
{
    private ExampleJob _job = null!;
    private string _output = null!;

    /// <summary>The data folder: <c>RECOMMENDER_BENCH_DATA</c>, default <c>/tmp/gen20k</c>.</summary>
    public static string DataDirectory => Environment.GetEnvironmentVariable("RECOMMENDER_BENCH_DATA") ?? "/tmp/gen20k";

    [GlobalSetup]
    public async Task Setup()
    {
        var folder = DataFolder.Open(DataDirectory);
        var catalog = CatalogJson.Load(folder.CatalogPath);
        var profiles = await ProfileParquetReader.ReadAsync(folder.ProfilesPath);
        var types = await SchemaInference.FrequentEventTypesAsync(folder.EventsPath);
        var schema = FeatureSchema.Create(catalog, FeatureSchemaOptions.FromProfiles(profiles, types));
        _job = new ExampleJob(folder.EventsPath, catalog, schema, profiles.ToDictionary(p => p.UserId, StringComparer.Ordinal));
        _output = Path.Combine(Path.GetTempPath(), $"recommender-bench-{Environment.ProcessId}.parquet");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_output);

    /// <summary>Reading, validating and de-duplicating every event: what any job over the table pays.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> RawRead()
    {
        long events = 0;
        await foreach (var batch in EventParquetReader.ReadAsync(_job.EventsPath, new EventReadOptions()))
        {
            events += batch.Events.Count;
        }

        return events;
    }

    /// <summary>Read, group, replay through the fold, extract and label; rows are dropped.</summary>
    [Benchmark]
    public async Task<long> BuildExamples()
    {
        var summary = await ExamplePipeline.RunAsync(_job, _ => ValueTask.FromResult<IExampleSink>(new DiscardingSink()));
        return summary.Examples.Rows;
    }

    /// <summary>Everything <c>recommender features</c> does: also writes the Parquet file.</summary>
    [Benchmark]
    public async Task<long> BuildAndWriteExamples()
    {
        var summary = await ExamplePipeline.RunAsync(_job, async ct => await ExampleParquetWriter.CreateAsync(_output, _job.Schema, ct));
        return summary.Examples.Rows;
    }

    private sealed class DiscardingSink : IExampleSink
    {
        public ValueTask WriteAsync(ExampleBlock block, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
