namespace Recommender.Training;

/// <summary>What <see cref="TrainingJob"/> learns P(goal | send nothing) from (the manifest's <c>uplift.source</c>).</summary>
public enum UpliftSource
{
    /// <summary>Hold-outs when there are enough, else not-chosen rows, else none; the choice is reported.</summary>
    Auto,

    /// <summary>The log's randomised hold-outs (<c>decision_no_send</c>) only, as the synthetic world logs them.</summary>
    RandomizedControl,

    /// <summary>Hold-outs and messages eligible but not chosen at logged decisions, weighted by propensity.</summary>
    NotChosen,

    /// <summary>No baseline: response mode, ranking by P(goal | send) × value − fatigue cost.</summary>
    None,
}
