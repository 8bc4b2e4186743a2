using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>The caller asked for one channel; messages of other channels are out.</summary>
internal sealed class ChannelRule : IHardRule
{
    public string Id => RuleIds.ChannelMismatch;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = $"the request is for channel '{context.RequestedChannel}', the message goes by '{message.Channel}'";
        return context.RequestedChannel is { } channel && !string.Equals(channel, message.Channel, StringComparison.Ordinal);
    }
}

/// <summary>Plans the message is for. Without a profile the plan is unknown and a plan-restricted message fails closed.</summary>
internal sealed class PlanRule : IHardRule
{
    public string Id => RuleIds.EligibilityPlan;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        var plans = message.Eligibility.Plans;
        var plan = context.Profile?.Plan;
        detail = $"plan '{plan ?? "unknown"}' is not one of {string.Join(", ", plans)}";
        return plans.Count > 0 && (plan is null || !plans.Contains(plan));
    }
}

/// <summary>Company-size bounds; an unknown size fails closed when a bound is set.</summary>
internal sealed class CompanySizeRule : IHardRule
{
    public string Id => RuleIds.EligibilityCompanySize;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        var (min, max) = (message.Eligibility.MinCompanySize, message.Eligibility.MaxCompanySize);
        var size = context.Profile?.CompanySize;
        detail = $"company size {size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} is outside [{min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}, {max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}]";
        if (min is null && max is null)
        {
            return false;
        }

        return size is null || size < min || size > max;
    }
}

/// <summary>Events the user must have done before the message makes sense.</summary>
internal sealed class RequiredEventRule : IHardRule
{
    public string Id => RuleIds.EligibilityRequiredEvent;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        foreach (var required in message.Eligibility.RequiredEvents)
        {
            if (context.State.CountBefore(required, context.AsOf) == 0)
            {
                detail = $"the user has not done '{required}' yet";
                return true;
            }
        }

        detail = "";
        return false;
    }
}

/// <summary>Events after which the message no longer makes sense.</summary>
internal sealed class ExcludedEventRule : IHardRule
{
    public string Id => RuleIds.EligibilityExcludedEvent;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        foreach (var excluded in message.Eligibility.ExcludedEvents)
        {
            if (context.State.CountBefore(excluded, context.AsOf) > 0)
            {
                detail = $"the user has already done '{excluded}'";
                return true;
            }
        }

        detail = "";
        return false;
    }
}
