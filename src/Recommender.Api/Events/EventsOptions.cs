using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Events;

/// <summary>Section <c>Events</c>.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>Most events one <c>POST /v1/events</c> may carry.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;
}
