namespace Recommender.Data.Validation;

/// <summary>How bad a <see cref="ValidationIssue"/> is.</summary>
public enum IssueSeverity
{
    /// <summary>The row or file cannot be used as it is.</summary>
    Error,

    /// <summary>The data is usable but probably not what was meant (a cross-check failed).</summary>
    Warning,
}
