using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning;

/// <summary>Everything one decision depends on. The engine does no I/O and reads no clock: the instant is given.</summary>
public sealed record DecisionRequest
{
    public required string DecisionId { get; init; }

    public required string UserId { get; init; }

    public required UserState State { get; init; }

    /// <summary>The user's profile; null when unknown (eligibility on plan and company size then fails closed).</summary>
    public UserProfile? Profile { get; init; }

    public required MessageCatalog Catalog { get; init; }

    /// <summary>The decision instant (UTC).</summary>
    public required DateTime AsOf { get; init; }

    /// <summary>Only consider messages on this channel; null for any.</summary>
    public string? Channel { get; init; }

    /// <summary>Only consider these message ids (in the catalog); null for the whole catalog.</summary>
    public IReadOnlyList<string>? Candidates { get; init; }

    /// <summary>
    /// The look-ahead in which the engine may place the send and choose among a message's channels; null (the
    /// default) for "now only": the message's own channel at <see cref="AsOf"/>, today's behaviour exactly.
    /// </summary>
    public SendTimeOptions? SendTime { get; init; }
}
