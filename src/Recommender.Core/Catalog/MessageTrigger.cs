namespace Recommender.Core.Catalog;

/// <summary>
/// Makes a message eligible at once, in the top priority tier, when the user did
/// <see cref="EventType"/> at least <see cref="Count"/> times within the last <see cref="WithinHours"/>.
/// Example: five <c>teammate_invited</c> within 24 hours fire "your team is growing".
/// </summary>
public sealed record MessageTrigger
{
    public required string EventType { get; init; }

    public int Count { get; init; } = 1;

    public double WithinHours { get; init; } = 24;
}
