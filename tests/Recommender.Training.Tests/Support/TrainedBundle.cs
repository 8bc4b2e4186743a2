namespace Recommender.Training.Tests.Support;

/// <summary>One small data folder with its oracle and one bundle trained on it, shared read-only by a test class.</summary>
public sealed class TrainedBundle : IAsyncLifetime
{
    private readonly TempFolder _root = new();

    public string Data => Path.Combine(_root.Path, "data");

    public string Bundle => Path.Combine(_root.Path, "bundle");

    public TrainingResult Result { get; private set; } = null!;

    /// <summary>The data folder as training read it, with the schema the bundle was trained on.</summary>
    public TrainingInputs Inputs { get; private set; } = null!;

    /// <summary>A fresh folder under this fixture's temporary root, for a test's own output.</summary>
    public string Scratch(string name) => Path.Combine(_root.Path, $"{name}-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await TrainingData.WriteAsync(Data);
        Result = await new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunAsync(Data, Bundle);
        Inputs = await TrainingInputs.ReadAsync(Data);
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
