using System.Globalization;
using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>A user past a (non-repeatable) goal has nothing left to gain from the message pushing it.</summary>
internal sealed class GoalReachedRule : HardRule
{
    public override string Id => RuleIds.GoalReached;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        !message.RepeatableGoal && context.State.CountBefore(message.GoalEvent, context.AsOf) > 0;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"the user has already reached the goal '{message.GoalEvent}'";
}

/// <summary>A message with a trigger is sent only in the moment its trigger describes.</summary>
internal sealed class TriggerRule : HardRule
{
    public override string Id => RuleIds.TriggerNotMet;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        message.Trigger is { } trigger && !HardRules.TriggerHolds(context, trigger);

    public override string Describe(RuleContext context, MessageDefinition message)
    {
        var trigger = message.Trigger!;
        return string.Create(CultureInfo.InvariantCulture, $"trigger needs {trigger.Count} '{trigger.EventType}' within {trigger.WithinHours} h");
    }
}

internal sealed class MaxSendsRule : HardRule
{
    public override string Id => RuleIds.MaxSends;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        message.MaxSends is { } max && context.State.SendsBefore(message.Id, context.AsOf) >= max;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"already sent {message.MaxSends} time(s), the maximum";
}

/// <summary>The same message is not repeated within its cooldown.</summary>
internal sealed class CooldownRule : HardRule
{
    public override string Id => RuleIds.Cooldown;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        message.CooldownHours > 0 && context.State.LastSendBefore(message.Id, context.AsOf) is { } last
        && (context.AsOf - last).TotalHours < message.CooldownHours;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        string.Create(CultureInfo.InvariantCulture,
            $"sent {(context.AsOf - context.State.LastSendBefore(message.Id, context.AsOf)!.Value).TotalHours:F1} h ago; cooldown is {message.CooldownHours} h");
}
