namespace Recommender.Api.Tests.Support;

/// <summary>
/// Tests that bound how long an answer takes (a hung store answered within Store:Timeout). Run in parallel with the rest
/// of the assembly, their requests' continuations queue behind other tests' work on the same thread pool and a 250 ms
/// timeout came back after one to two seconds (a flaky failure, not the product's). xunit runs this collection alone,
/// after the parallel ones, so the measured time is the server's own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive";
}
