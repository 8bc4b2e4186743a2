using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>The caller asked for one channel; messages of other channels are out.</summary>
internal sealed class ChannelRule : HardRule
{
    public override string Id => RuleIds.ChannelMismatch;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        context.RequestedChannel is { } channel && !string.Equals(channel, message.Channel, StringComparison.Ordinal);

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"the request is for channel '{context.RequestedChannel}', the message goes by '{message.Channel}'";
}

/// <summary>Plans the message is for. Without a profile the plan is unknown and a plan-restricted message fails closed.</summary>
internal sealed class PlanRule : HardRule
{
    public override string Id => RuleIds.EligibilityPlan;

    public override bool Suppresses(RuleContext context, MessageDefinition message)
    {
        var plans = message.Eligibility.Plans;
        return plans.Count > 0 && (context.Profile?.Plan is not { } plan || !plans.Contains(plan));
    }

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"plan '{context.Profile?.Plan ?? "unknown"}' is not one of {string.Join(", ", message.Eligibility.Plans)}";
}

/// <summary>Company-size bounds; an unknown size fails closed when a bound is set.</summary>
internal sealed class CompanySizeRule : HardRule
{
    public override string Id => RuleIds.EligibilityCompanySize;

    public override bool Suppresses(RuleContext context, MessageDefinition message)
    {
        var (min, max) = (message.Eligibility.MinCompanySize, message.Eligibility.MaxCompanySize);
        if (min is null && max is null)
        {
            return false;
        }

        var size = context.Profile?.CompanySize;
        return size is null || size < min || size > max;
    }

    public override string Describe(RuleContext context, MessageDefinition message)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var (min, max) = (message.Eligibility.MinCompanySize, message.Eligibility.MaxCompanySize);
        var size = context.Profile?.CompanySize;
        return $"company size {size?.ToString(inv) ?? "unknown"} is outside [{min?.ToString(inv) ?? "any"}, {max?.ToString(inv) ?? "any"}]";
    }
}

/// <summary>Events the user must have done before the message makes sense.</summary>
internal sealed class RequiredEventRule : HardRule
{
    public override string Id => RuleIds.EligibilityRequiredEvent;

    public override bool Suppresses(RuleContext context, MessageDefinition message) => FirstMissing(context, message) is not null;

    public override string Describe(RuleContext context, MessageDefinition message) => $"the user has not done '{FirstMissing(context, message)}' yet";

    private static string? FirstMissing(RuleContext context, MessageDefinition message)
    {
        foreach (var required in message.Eligibility.RequiredEvents)
        {
            if (context.State.CountBefore(required, context.AsOf) == 0)
            {
                return required;
            }
        }

        return null;
    }
}

/// <summary>Events after which the message no longer makes sense.</summary>
internal sealed class ExcludedEventRule : HardRule
{
    public override string Id => RuleIds.EligibilityExcludedEvent;

    public override bool Suppresses(RuleContext context, MessageDefinition message) => FirstDone(context, message) is not null;

    public override string Describe(RuleContext context, MessageDefinition message) => $"the user has already done '{FirstDone(context, message)}'";

    private static string? FirstDone(RuleContext context, MessageDefinition message)
    {
        foreach (var excluded in message.Eligibility.ExcludedEvents)
        {
            if (context.State.CountBefore(excluded, context.AsOf) > 0)
            {
                return excluded;
            }
        }

        return null;
    }
}
