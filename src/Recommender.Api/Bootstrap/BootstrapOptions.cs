namespace Recommender.Api.Bootstrap;

/// <summary>Section <c>Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>A data folder (profiles, events, catalog.json) loaded into the store before serving; null for none.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Load only events (and dated profile rows) before this instant; null for all. <c>recommender plan --data DIR --at T</c>
    /// sets it to T, so that each user's state is their history up to the plan's instant, as it would have been then.
    /// </summary>
    public DateTime? Before { get; set; }

    /// <summary>
    /// <see cref="Before"/> as a UTC instant. The configuration binder reads <c>2026-03-05T18:00:00Z</c> as the machine's
    /// local time (<see cref="DateTimeKind.Local"/>), whose ticks, compared with the events' UTC ticks, moved the cut by
    /// the machine's UTC offset: hours of history lost west of Greenwich, hours of the future loaded east of it. An
    /// instant without an offset is UTC, as everywhere in the data contract.
    /// </summary>
    public DateTime? BeforeUtc => Before switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
        var utc => utc,
    };

    /// <summary>Events per store batch while replaying.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;
}
