using Recommender.Core.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data;

/// <summary>Everything <see cref="DataValidator"/> found in a data folder, and what it could read.</summary>
public sealed class ValidationReport
{
    internal ValidationReport(
        string directory, IReadOnlyList<ValidationIssue> issues, EventReadSummary? events,
        ProfileReadSummary? profiles, MessageCatalog? catalog)
    {
        Directory = directory;
        Issues = issues;
        Events = events;
        Profiles = profiles;
        Catalog = catalog;
    }

    public string Directory { get; }

    /// <summary>Every issue: folder, catalog, profiles, events, then the cross-checks between them.</summary>
    public IReadOnlyList<ValidationIssue> Issues { get; }

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount => Issues.Count(i => i.Severity == IssueSeverity.Error);

    public int WarningCount => Issues.Count(i => i.Severity == IssueSeverity.Warning);

    /// <summary>Counts of the events read; null when the events table was missing.</summary>
    public EventReadSummary? Events { get; }

    /// <summary>Counts of the profiles read; null when the profiles table was missing.</summary>
    public ProfileReadSummary? Profiles { get; }

    /// <summary>The catalog, when it could be read (it may still have rule errors, listed in <see cref="Issues"/>).</summary>
    public MessageCatalog? Catalog { get; }
}
