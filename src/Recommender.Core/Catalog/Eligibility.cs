namespace Recommender.Core.Catalog;

/// <summary>
/// Who may receive a message at all. Empty lists and null bounds mean "no restriction".
/// </summary>
public sealed record Eligibility
{
    /// <summary>Plans allowed to receive the message; empty means every plan.</summary>
    public IReadOnlyList<string> Plans { get; init; } = [];

    public int? MinCompanySize { get; init; }

    public int? MaxCompanySize { get; init; }

    /// <summary>Event types the user must have done at least once.</summary>
    public IReadOnlyList<string> RequiredEvents { get; init; } = [];

    /// <summary>Event types the user must never have done.</summary>
    public IReadOnlyList<string> ExcludedEvents { get; init; } = [];
}
