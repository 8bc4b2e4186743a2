using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// All hard rules in the order they are checked. The first rule that removes a candidate is the one reported,
/// so the order goes from the most fundamental (consent) to the most circumstantial (caps).
/// </summary>
public static class HardRules
{
    public static IReadOnlyList<IHardRule> All => Rules;

    // An array, so that the per-candidate loop does not allocate an enumerator.
    private static readonly HardRule[] Rules =
    [
        new ChannelRule(),
        new UnsubscribedRule(),
        new ComplainedRule(),
        new GlobalHoldoutRule(),
        new PlanRule(),
        new CompanySizeRule(),
        new RequiredEventRule(),
        new ExcludedEventRule(),
        new GoalReachedRule(),
        new TriggerRule(),
        new MaxSendsRule(),
        new CooldownRule(),
        new OpenTicketRule(),
        new TicketVolumeRule(),
        new QuietHoursRule(),
        new MinGapRule(),
        new OverallCapRule(),
        new ChannelCapRule(),
        new CategoryCapRule(),
    ];

    /// <summary>The first rule that removes <paramref name="message"/>, or null when it is eligible.</summary>
    public static Suppression? Check(RuleContext context, MessageDefinition message)
    {
        foreach (var rule in Rules)
        {
            if (rule.Suppresses(context, message))
            {
                return new Suppression(message.Id, rule.Id, rule.Describe(context, message));
            }
        }

        return null;
    }

    /// <summary>
    /// Whether any rule removes <paramref name="message"/>, without wording why: the send-time search asks this for
    /// every slot and channel and words only the answer it reports.
    /// </summary>
    public static bool Suppresses(RuleContext context, MessageDefinition message)
    {
        foreach (var rule in Rules)
        {
            if (rule.Suppresses(context, message))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trigger's moment: at least Count events of its type in the last WithinHours.</summary>
    public static bool TriggerHolds(RuleContext context, MessageTrigger trigger) =>
        context.State.CountBetween(trigger.EventType, context.AsOf.AddHours(-trigger.WithinHours), context.AsOf) >= trigger.Count;
}
