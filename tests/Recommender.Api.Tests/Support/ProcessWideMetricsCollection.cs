namespace Recommender.Api.Tests.Support;

/// <summary>
/// prometheus-net's counters are static: every app of the test run adds to the same ones. Tests that assert exact
/// counts read them before and after their requests and run in this collection, which xunit runs alone, after the
/// parallel ones, so that no other test adds to the counters between the two reads.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "process-wide metrics";
}
