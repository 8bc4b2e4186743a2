using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// The hard rules as a send-time search asks them: is this message, on this channel, eligible at this slot of the
/// look-ahead? The answer is exactly <see cref="HardRules.Suppresses"/> at the slot's context, reached with far fewer
/// checks when the state holds nothing at or after the decision instant, which is the usual case: the rules that
/// only events can change are checked once, those that depend on the message only through the transactional
/// exemption once per slot, and only the channel rules once per channel.
/// </summary>
/// <remarks>The four groups together are <see cref="HardRules.All"/>; a test holds them to it.</remarks>
internal sealed class SlotRules
{
    /// <summary>Change only with new events (opt-outs, eligibility, the goal, sends, open tickets) or the user's holdout.</summary>
    internal static readonly IHardRule[] Fixed =
    [
        new UnsubscribedRule(), new ComplainedRule(), new GlobalHoldoutRule(), new PlanRule(), new CompanySizeRule(),
        new RequiredEventRule(), new ExcludedEventRule(), new GoalReachedRule(), new MaxSendsRule(), new OpenTicketRule(),
    ];

    /// <summary>Change with the instant; depend on the message only through <see cref="RuleContext.BypassesCaps"/>.</summary>
    internal static readonly IHardRule[] Shared = [new QuietHoursRule(), new MinGapRule(), new OverallCapRule()];

    /// <summary>Change with the instant and depend on the message.</summary>
    internal static readonly IHardRule[] PerMessage = [new TriggerRule(), new CooldownRule(), new TicketVolumeRule(), new CategoryCapRule()];

    /// <summary>Depend on the channel the message goes out on.</summary>
    internal static readonly IHardRule[] PerChannel = [new ChannelRule(), new ChannelCapRule()];

    private readonly RuleContext[] _contexts;
    private readonly bool _fast;

    // Per slot and exemption (0 not exempt, 1 exempt): 0 not asked yet, 1 suppressed, 2 open.
    private readonly byte[] _shared;

    /// <param name="contexts">The rule context of each slot, the decision instant first.</param>
    public SlotRules(RuleContext[] contexts)
    {
        _contexts = contexts;
        _fast = contexts[0].HoldsNothingAhead;
        _shared = new byte[2 * contexts.Length];
    }

    public int Slots => _contexts.Length;

    public RuleContext this[int slot] => _contexts[slot];

    /// <summary>False when a rule that no slot can change removes <paramref name="message"/>: its slots need not be walked.</summary>
    public bool MayBeEligible(MessageDefinition message) => !_fast || !Any(Fixed, _contexts[0], message);

    /// <summary>Whether <paramref name="message"/> passes every rule at <paramref name="slot"/> that does not depend on its channel.</summary>
    public bool Open(int slot, MessageDefinition message)
    {
        if (!_fast)
        {
            return true; // every rule is checked per channel, in Eligible
        }

        var context = _contexts[slot];
        ref var shared = ref _shared[2 * slot + (context.BypassesCaps(message) ? 1 : 0)];
        if (shared == 0)
        {
            shared = Any(Shared, context, message) ? (byte)1 : (byte)2;
        }

        return shared == 2 && !Any(PerMessage, context, message);
    }

    /// <summary>Whether <paramref name="variant"/> (a message on one of its channels), already <see cref="Open"/> at <paramref name="slot"/>, is eligible there.</summary>
    public bool Eligible(int slot, MessageDefinition variant) =>
        _fast ? !Any(PerChannel, _contexts[slot], variant) : !HardRules.Suppresses(_contexts[slot], variant);

    private static bool Any(IHardRule[] rules, RuleContext context, MessageDefinition message)
    {
        foreach (var rule in rules)
        {
            if (rule.Suppresses(context, message))
            {
                return true;
            }
        }

        return false;
    }
}
