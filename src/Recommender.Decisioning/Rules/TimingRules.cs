using System.Globalization;
using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>Nothing but transactional messages at night, in the user's own timezone.</summary>
internal sealed class QuietHoursRule : IHardRule
{
    public string Id => RuleIds.QuietHours;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        var quiet = context.Policy.QuietHours;
        detail = quiet is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{context.LocalHour:D2}:00 local time is within quiet hours {quiet.StartHour:D2}:00–{quiet.EndHour:D2}:00");
        return quiet is not null && !context.BypassesCaps(message) && quiet.Contains(context.LocalHour);
    }
}

/// <summary>A minimum gap between any two sends, so messages never pile up.</summary>
internal sealed class MinGapRule : IHardRule
{
    public string Id => RuleIds.MinGap;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "";
        if (context.Policy.MinGapHours <= 0 || context.LastSendAt is not { } last || context.BypassesCaps(message))
        {
            return false;
        }

        var hours = (context.AsOf - last).TotalHours;
        detail = string.Create(CultureInfo.InvariantCulture, $"last message {hours:F1} h ago; minimum gap is {context.Policy.MinGapHours} h");
        return hours < context.Policy.MinGapHours;
    }
}
