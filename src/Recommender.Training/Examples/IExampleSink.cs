namespace Recommender.Training.Examples;

/// <summary>Where the pipeline delivers blocks of examples, in input order, one call at a time.</summary>
public interface IExampleSink : IAsyncDisposable
{
    /// <summary>Consumes the rows of <paramref name="block"/>; the block is reused after the call returns.</summary>
    ValueTask WriteAsync(ExampleBlock block, CancellationToken ct);
}
