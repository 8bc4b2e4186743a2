using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Decisioning.Rules;

/// <summary>No promotion while the user waits on support: it backfires.</summary>
internal sealed class OpenTicketRule : HardRule
{
    public override string Id => RuleIds.SupportOpenTicket;

    public override bool Suppresses(RuleContext context, MessageDefinition message)
    {
        var support = context.Policy.Support;
        return support.SuppressOnOpenTicket && context.OpenTickets > 0 && support.SuppressedCategories.Contains(message.Category);
    }

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"{context.OpenTickets} support ticket(s) open; {CategoryNames.Of(message.Category)} messages wait";
}

/// <summary>A user with many recent tickets is having a hard time; no promotion for a while.</summary>
internal sealed class TicketVolumeRule : HardRule
{
    public override string Id => RuleIds.SupportTicketVolume;

    public override bool Suppresses(RuleContext context, MessageDefinition message)
    {
        var support = context.Policy.Support;
        return support.MaxTicketsIn30Days is { } limit && context.TicketsIn30Days >= limit
            && support.SuppressedCategories.Contains(message.Category);
    }

    public override string Describe(RuleContext context, MessageDefinition message) =>
        $"{context.TicketsIn30Days} tickets in 30 days (limit {context.Policy.Support.MaxTicketsIn30Days})";
}
