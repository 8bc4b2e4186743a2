namespace Recommender.Training.Examples;

/// <summary>Progress of a run: the phase, and events done in it.</summary>
public readonly record struct ExampleProgress(ExamplePhase Phase, long Events);

/// <summary>The phases of a run. Grouped input only goes through <see cref="Building"/>.</summary>
public enum ExamplePhase
{
    /// <summary>Replaying users and writing examples.</summary>
    Building,

    /// <summary>Spreading ungrouped events over temporary files by user.</summary>
    Partitioning,
}
