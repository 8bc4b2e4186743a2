using System.Globalization;
using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>Nothing but transactional messages at night, in the user's own timezone.</summary>
internal sealed class QuietHoursRule : HardRule
{
    public override string Id => RuleIds.QuietHours;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        context.Policy.QuietHours is { } quiet && !context.BypassesCaps(message) && quiet.Contains(context.LocalHour);

    public override string Describe(RuleContext context, MessageDefinition message)
    {
        var quiet = context.Policy.QuietHours!;

        // Without a time zone the night is UTC's, which may be the user's afternoon: say so.
        var clock = context.TimezoneKnown ? "local time" : "UTC (the user's time zone is unknown)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{context.LocalHour:D2}:00 {clock} is within quiet hours {quiet.StartHour:D2}:00–{quiet.EndHour:D2}:00");
    }
}

/// <summary>A minimum gap between any two sends, so messages never pile up.</summary>
internal sealed class MinGapRule : HardRule
{
    public override string Id => RuleIds.MinGap;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        context.Policy.MinGapHours > 0 && context.LastSendAt is { } last && !context.BypassesCaps(message)
        && (context.AsOf - last).TotalHours < context.Policy.MinGapHours;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        string.Create(CultureInfo.InvariantCulture,
            $"last message {(context.AsOf - context.LastSendAt!.Value).TotalHours:F1} h ago; minimum gap is {context.Policy.MinGapHours} h");
}
