namespace Recommender.Training;

/// <summary>
/// The data cannot give a trustworthy model as it is: no sends, too few positive labels, catalog goals that never
/// occur, a validation window that leaves nothing to train on. The message says what is wrong and what to change.
/// </summary>
public sealed class TrainingDataException : Exception
{
    public TrainingDataException(string message)
        : base(message)
    {
    }

    public TrainingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
