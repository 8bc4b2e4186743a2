using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// Section <c>Limits</c>: how large and how far ahead a caller's input may be. Every endpoint that takes ids, types
/// or instants checks them here, so one hostile request cannot make a user's state huge or unanswerable.
/// </summary>
public sealed class InputLimits
{
    public const string Section = "Limits";

    /// <summary>The most future skew the limits allow: the state keeps exact instants a week past its longest window.</summary>
    public static readonly TimeSpan MaxAllowedSkew = TimeSpan.FromDays(7);

    /// <summary>
    /// Longest id or type name, in UTF-16 characters: <c>user_id</c>, <c>event_id</c>, <c>event_type</c>,
    /// <c>message_id</c>, a decision's <c>channel</c> and <c>candidates</c>, and the user id in a path. Every id is
    /// stored and echoed with each of the user's writes and answers, so a 10 MB id slows every write that shares the
    /// store's writer.
    /// </summary>
    [Range(8, 65_536)]
    public int MaxIdLength { get; set; } = 256;

    /// <summary>Longest <c>properties</c> object of an event, in UTF-16 characters of its JSON text.</summary>
    [Range(2, 1_048_576)]
    public int MaxPropertiesLength { get; set; } = 8_192;

    /// <summary>
    /// How far ahead of the server's clock an event's <c>timestamp</c> or a request's <c>as_of</c> may lie. A user's
    /// state keeps exact instants only in a window behind its latest event, so one event dated years ahead would move
    /// that window past "now" and leave the user unanswerable; a small skew allows callers' clocks to run ahead.
    /// At most <see cref="MaxAllowedSkew"/>.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The latest instant a request may name when the server's clock reads <paramref name="now"/>.</summary>
    public DateTime Latest(DateTimeOffset now) => now.UtcDateTime + MaxFutureSkew;

    /// <summary>What a too-late instant is refused with: the bound, readable.</summary>
    public string LatestExpected(DateTimeOffset now) =>
        $"an instant at most {MaxFutureSkew.TotalHours:0.##} h ahead of the server clock (not after {Latest(now):yyyy-MM-ddTHH:mm:ssZ})";

    /// <summary>Checks run at start, beside the data annotations.</summary>
    public static bool SkewIsValid(InputLimits limits) =>
        limits is not null && limits.MaxFutureSkew >= TimeSpan.Zero && limits.MaxFutureSkew <= MaxAllowedSkew;
}
