using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Decisioning.Rules;

/// <summary>An opted-out category (or everything) gets nothing but transactional messages.</summary>
internal sealed class UnsubscribedRule : IHardRule
{
    public string Id => RuleIds.Unsubscribed;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "";
        if (message.Category == MessageCategory.Transactional)
        {
            return false;
        }

        if (context.State.IsUnsubscribedFromAllAt(context.AsOf))
        {
            detail = "the user unsubscribed from all messages";
            return true;
        }

        if (context.State.IsUnsubscribedAt(message.Category, context.AsOf))
        {
            detail = $"the user unsubscribed from {CategoryNames.Of(message.Category)} messages";
            return true;
        }

        return false;
    }
}

/// <summary>After a spam report, only transactional messages may go out, ever.</summary>
internal sealed class ComplainedRule : IHardRule
{
    public string Id => RuleIds.Complained;

    public bool Suppresses(RuleContext context, MessageDefinition message, out string detail)
    {
        detail = "the user reported a message as spam; only transactional messages are allowed";
        return context.HasComplained && message.Category != MessageCategory.Transactional;
    }
}
