namespace Recommender.Training;

/// <summary>Where a training run is: its phase, and for <see cref="TrainingPhase.BuildingExamples"/> the events replayed so far.</summary>
public readonly record struct TrainingProgress(TrainingPhase Phase, long Events = 0);

/// <summary>The phases of <see cref="TrainingJob"/>, in order.</summary>
public enum TrainingPhase
{
    ReadingInputs,
    BuildingExamples,
    TrainingPropensity,
    TrainingControl,
    TrainingFatigue,
    Evaluating,
    WritingBundle,
    Done,
}
