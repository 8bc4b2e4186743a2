namespace Recommender.Training.Examples;

/// <summary>Which period a row counts in for one model.</summary>
internal enum RowRole
{
    /// <summary>Left out: its label is not final at the end of its period.</summary>
    None,

    /// <summary>Training period: fits or calibrates the model.</summary>
    Training,

    /// <summary>Validation window: measures the finished model.</summary>
    Validation,
}
