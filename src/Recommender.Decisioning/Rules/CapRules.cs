using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Decisioning.Rules;

/// <summary>Frequency caps over the last 24 hours and the last 7 days (rolling windows ending at the decision).</summary>
internal abstract class CapRule : HardRule
{
    public override bool Suppresses(RuleContext context, MessageDefinition message)
    {
        if (context.BypassesCaps(message) || Cap(context, message) is not { } cap)
        {
            return false;
        }

        return (cap.PerDay is { } perDay && Sent(context, message, day: true) >= perDay)
            || (cap.PerWeek is { } perWeek && Sent(context, message, day: false) >= perWeek);
    }

    public override string Describe(RuleContext context, MessageDefinition message)
    {
        var cap = Cap(context, message)!;
        var day = Sent(context, message, day: true);
        return cap.PerDay is { } perDay && day >= perDay
            ? string.Create(CultureInfo.InvariantCulture, $"{Scope(message)}: {day} sent in 24 h, cap {perDay}")
            : string.Create(CultureInfo.InvariantCulture, $"{Scope(message)}: {Sent(context, message, day: false)} sent in 7 days, cap {cap.PerWeek}");
    }

    protected abstract FrequencyCap? Cap(RuleContext context, MessageDefinition message);

    protected abstract string Scope(MessageDefinition message);

    protected abstract int Sent(RuleContext context, MessageDefinition message, bool day);
}

internal sealed class OverallCapRule : CapRule
{
    public override string Id => RuleIds.CapOverall;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) => context.Policy.Overall;

    protected override string Scope(MessageDefinition message) => "all messages";

    protected override int Sent(RuleContext context, MessageDefinition message, bool day) => day ? context.SendsDay : context.SendsWeek;
}

internal sealed class ChannelCapRule : CapRule
{
    public override string Id => RuleIds.CapChannel;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) =>
        context.Policy.ChannelCaps.GetValueOrDefault(message.Channel);

    protected override string Scope(MessageDefinition message) => $"channel {message.Channel}";

    protected override int Sent(RuleContext context, MessageDefinition message, bool day) => context.ChannelSends(message.Channel, day);
}

internal sealed class CategoryCapRule : CapRule
{
    public override string Id => RuleIds.CapCategory;

    protected override FrequencyCap? Cap(RuleContext context, MessageDefinition message) =>
        context.Policy.CategoryCaps.GetValueOrDefault(message.Category);

    protected override string Scope(MessageDefinition message) => $"category {CategoryNames.Of(message.Category)}";

    protected override int Sent(RuleContext context, MessageDefinition message, bool day) => context.CategorySends(message.Category, day);
}
