using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Decisioning.Rules;

/// <summary>Frequency caps over the last 24 hours and the last 7 days (rolling windows ending at the decision).</summary>
internal abstract class CapRule : IHardRule
{
    public abstract string Id { get; }

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "";
        if (context.BypassesCaps(message) || Cap(context, message) is not { } cap)
        {
            return false;
        }

        var (scope, day, week) = Sent(context, message);
        if (cap.PerDay is { } perDay && day >= perDay)
        {
            detail = string.Create(CultureInfo.InvariantCulture, $"{scope}: {day} sent in 24 h, cap {perDay}");
            return true;
        }

        if (cap.PerWeek is { } perWeek && week >= perWeek)
        {
            detail = string.Create(CultureInfo.InvariantCulture, $"{scope}: {week} sent in 7 days, cap {perWeek}");
            return true;
        }

        return false;
    }

    protected abstract FrequencyCap? Cap(RuleContext context, MessageDefinition message);

    protected abstract (string Scope, int Day, int Week) Sent(RuleContext context, MessageDefinition message);
}

internal sealed class OverallCapRule : CapRule
{
    public override string Id => RuleIds.CapOverall;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) => context.Policy.Overall;

    protected override (string, int, int) Sent(RuleContext context, MessageDefinition message) =>
        ("all messages", context.SendsDay, context.SendsWeek);
}

internal sealed class ChannelCapRule : CapRule
{
    public override string Id => RuleIds.CapChannel;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) =>
        context.Policy.ChannelCaps.GetValueOrDefault(message.Channel);

    protected override (string, int, int) Sent(RuleContext context, MessageDefinition message) =>
        ($"channel {message.Channel}", context.ChannelSends(message.Channel, day: true), context.ChannelSends(message.Channel, day: false));
}

internal sealed class CategoryCapRule : CapRule
{
    public override string Id => RuleIds.CapCategory;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) =>
        context.Policy.CategoryCaps.GetValueOrDefault(message.Category);

    protected override (string, int, int) Sent(RuleContext context, MessageDefinition message) =>
        ($"category {CategoryNames.Of(message.Category)}",
            context.CategorySends(message.Category, day: true), context.CategorySends(message.Category, day: false));
}
