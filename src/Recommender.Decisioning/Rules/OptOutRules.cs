using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Decisioning.Rules;

/// <summary>An opted-out category (or everything) gets nothing but transactional messages.</summary>
internal sealed class UnsubscribedRule : HardRule
{
    public override string Id => RuleIds.Unsubscribed;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        message.Category != MessageCategory.Transactional
        && (context.State.IsUnsubscribedFromAllAt(context.AsOf) || context.State.IsUnsubscribedAt(message.Category, context.AsOf));

    public override string Describe(RuleContext context, MessageDefinition message) =>
        context.State.IsUnsubscribedFromAllAt(context.AsOf)
            ? "the user unsubscribed from all messages"
            : $"the user unsubscribed from {CategoryNames.Of(message.Category)} messages";
}

/// <summary>After a spam report, only transactional messages may go out, ever.</summary>
internal sealed class ComplainedRule : HardRule
{
    public override string Id => RuleIds.Complained;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        context.HasComplained && message.Category != MessageCategory.Transactional;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        "the user reported a message as spam; only transactional messages are allowed";
}

/// <summary>Users of the global holdout get nothing but transactional messages (<see cref="ContactPolicy.Holdout"/>).</summary>
internal sealed class GlobalHoldoutRule : HardRule
{
    public override string Id => RuleIds.GlobalHoldout;

    public override bool Suppresses(RuleContext context, MessageDefinition message) =>
        message.Category != MessageCategory.Transactional && context.InHoldout;

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"the user is in the global holdout ({context.Policy.Holdout.Share:P0} of users, salt '{context.Policy.Holdout.Salt}'), which receives no promotional message";
}
