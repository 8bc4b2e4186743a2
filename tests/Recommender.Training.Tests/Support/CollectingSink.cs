using Recommender.Training.Examples;

namespace Recommender.Training.Tests.Support;

/// <summary>Keeps every row it is given, and the block sizes, for comparison.</summary>
internal sealed class CollectingSink : IExampleSink
{
    public List<TrainingExample> Rows { get; } = [];

    public List<int> BlockSizes { get; } = [];

    public bool Disposed { get; private set; }

    public ValueTask WriteAsync(ExampleBlock block, CancellationToken ct)
    {
        BlockSizes.Add(block.Count);
        Rows.AddRange(block.Rows());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
