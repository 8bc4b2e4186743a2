using Recommender.Training.Compilation;

namespace Recommender.Scoring.Tests;

/// <summary>
/// One trained model per test class: training takes seconds, and every test only reads it.
/// </summary>
public sealed class ModelFixture
{
    public ModelFixture()
    {
        Trained = TrainedModel.Train();
        Forest = ForestCompiler.Compile(Trained.Model);
    }

    internal TrainedModel Trained { get; }

    internal CompiledForest Forest { get; }
}
