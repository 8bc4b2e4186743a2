using System.Text.Json.Serialization;

namespace Recommender.Core.Catalog;

/// <summary>
/// Users in a support situation get no promotional messages: nothing is more irritating than an
/// upsell while your ticket is open.
/// </summary>
public sealed record SupportSuppression
{
    /// <summary>Suppress the listed categories while the user has an open ticket.</summary>
    public bool SuppressOnOpenTicket { get; init; } = true;

    /// <summary>Suppress the listed categories when the user opened at least this many tickets in 30 days; null disables.</summary>
    /// <remarks>Written even when null: omitting it would bring the default back on reading.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonPropertyName("max_tickets_in_30_days")]
    public int? MaxTicketsIn30Days { get; init; } = 3;

    public IReadOnlyList<MessageCategory> SuppressedCategories { get; init; } =
        [MessageCategory.Marketing, MessageCategory.Engagement];
}
