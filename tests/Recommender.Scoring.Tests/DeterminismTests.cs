using Recommender.Training.Compilation;

namespace Recommender.Scoring.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Retraining_with_the_same_seed_compiles_to_byte_identical_forests()
    {
        var first = Save(ForestCompiler.Compile(TrainedModel.Train(rows: 5_000, seed: 5).Model));
        var second = Save(ForestCompiler.Compile(TrainedModel.Train(rows: 5_000, seed: 5).Model));

        Assert.Equal(first, second);
    }

    private static byte[] Save(CompiledForest forest)
    {
        using var stream = new MemoryStream();
        forest.Save(stream);
        return stream.ToArray();
    }
}
