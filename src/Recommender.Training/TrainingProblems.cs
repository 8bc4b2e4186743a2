namespace Recommender.Training;

/// <summary>
/// The refusals of one training run, gathered: a run reports every reason it cannot train at once, instead of one per
/// attempt, each with what would fix it.
/// </summary>
internal sealed class TrainingProblems
{
    private readonly List<string> _problems = [];

    public void Add(string problem) => _problems.Add(problem);

    /// <exception cref="TrainingDataException">At least one problem was found; the message lists them all, numbered.</exception>
    public void ThrowIfAny()
    {
        if (_problems.Count == 1)
        {
            throw new TrainingDataException(_problems[0]);
        }

        if (_problems.Count > 1)
        {
            throw new TrainingDataException(
                $"Training cannot start, for {_problems.Count} reasons:" + string.Concat(_problems.Select((p, i) => $"\n  {i + 1}. {p}")));
        }
    }
}
