using System.Globalization;
using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>A user past a (non-repeatable) goal has nothing left to gain from the message pushing it.</summary>
internal sealed class GoalReachedRule : IHardRule
{
    public string Id => RuleIds.GoalReached;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = $"the user has already reached the goal '{message.GoalEvent}'";
        return !message.RepeatableGoal && context.State.CountBefore(message.GoalEvent, context.AsOf) > 0;
    }
}

/// <summary>A message with a trigger is sent only in the moment its trigger describes.</summary>
internal sealed class TriggerRule : IHardRule
{
    public string Id => RuleIds.TriggerNotMet;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "";
        if (message.Trigger is not { } trigger || HardRules.TriggerHolds(context, trigger))
        {
            return false;
        }

        detail = string.Create(CultureInfo.InvariantCulture,
            $"trigger needs {trigger.Count} '{trigger.EventType}' within {trigger.WithinHours} h");
        return true;
    }
}

internal sealed class MaxSendsRule : IHardRule
{
    public string Id => RuleIds.MaxSends;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = $"already sent {message.MaxSends} time(s), the maximum";
        return message.MaxSends is { } max && context.State.SendsBefore(message.Id, context.AsOf) >= max;
    }
}

/// <summary>The same message is not repeated within its cooldown.</summary>
internal sealed class CooldownRule : IHardRule
{
    public string Id => RuleIds.Cooldown;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "";
        if (message.CooldownHours <= 0 || context.State.LastSendBefore(message.Id, context.AsOf) is not { } last)
        {
            return false;
        }

        var hours = (context.AsOf - last).TotalHours;
        detail = string.Create(CultureInfo.InvariantCulture, $"sent {hours:F1} h ago; cooldown is {message.CooldownHours} h");
        return hours < message.CooldownHours;
    }
}
