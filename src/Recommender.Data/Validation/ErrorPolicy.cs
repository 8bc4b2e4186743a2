namespace Recommender.Data.Validation;

/// <summary>What a reader does with rows that break the data contract.</summary>
public enum ErrorPolicy
{
    /// <summary>
    /// Throw a <see cref="DataValidationException"/> at the first row group (or file) that has an error,
    /// carrying every issue of that group. The right choice for training: never learn from bad data.
    /// </summary>
    Throw,

    /// <summary>
    /// Skip bad rows and record every issue in the read summary. The right choice for the
    /// <c>validate</c> command, which must list every problem in one run.
    /// </summary>
    Collect,
}
