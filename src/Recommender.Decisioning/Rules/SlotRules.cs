using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// The hard rules as a send-time search asks them: at which slots of the look-ahead, and on which of its channels, is
/// this message eligible? The answer is exactly <see cref="HardRules.Suppresses"/> at each slot's context, reached
/// with far fewer checks when the state holds nothing at or after the decision instant, which is the usual case: the
/// rules that only events can change are checked once, those that depend on the message only through the
/// transactional exemption once per slot, and those whose verdict settles over the look-ahead until it does.
/// </summary>
/// <remarks>The six groups together are <see cref="HardRules.All"/>; a test holds them to it.</remarks>
internal sealed class SlotRules
{
    /// <summary>Change only with new events (opt-outs, eligibility, the goal, sends, open tickets) or the user's holdout.</summary>
    internal static readonly HardRule[] Fixed =
    [
        new UnsubscribedRule(), new ComplainedRule(), new GlobalHoldoutRule(), new PlanRule(), new CompanySizeRule(),
        new RequiredEventRule(), new ExcludedEventRule(), new GoalReachedRule(), new MaxSendsRule(), new OpenTicketRule(),
    ];

    /// <summary>Change with the instant; depend on the message only through <see cref="RuleContext.BypassesCaps"/>.</summary>
    internal static readonly HardRule[] Shared = [new QuietHoursRule(), new MinGapRule(), new OverallCapRule()];

    // With nothing ahead of the decision, time only takes events out of the rules' windows, so the verdicts of the
    // rules below can only change one way over the look-ahead, and Grid checks each of them only until it settles.

    /// <summary>Depend on the message; once suppressing, suppress at every later slot (a trigger's events only age out).</summary>
    internal static readonly HardRule[] Expiring = [new TriggerRule()];

    /// <summary>Depend on the message; once passing, pass at every later slot (sends and tickets only leave the windows).</summary>
    internal static readonly HardRule[] Releasing = [new CooldownRule(), new TicketVolumeRule(), new CategoryCapRule()];

    /// <summary>Depend on the channel the message goes out on, not on the instant (the caller's requested channel).</summary>
    internal static readonly HardRule[] ChannelConstant = [new ChannelRule()];

    /// <summary>Depend on the channel the message goes out on; once passing, pass at every later slot.</summary>
    internal static readonly HardRule[] ChannelReleasing = [new ChannelCapRule()];

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

    /// <summary>
    /// Every (slot, channel) verdict of <paramref name="message"/> at once: <paramref name="eligible"/>[k ×
    /// variants + v] is whether <paramref name="variants"/>[v] (the message on one of its channels) is eligible at slot
    /// k, exactly as every hard rule at that slot's context says; the rules that no slot can change are checked once,
    /// the shared ones once per slot, and those that settle over the look-ahead only until they do.
    /// </summary>
    /// <returns>The number of eligible pairs.</returns>
    public int Grid(MessageDefinition message, MessageDefinition[] variants, Span<bool> eligible)
    {
        var width = variants.Length;
        if (eligible.Length != Slots * width)
        {
            throw new ArgumentException($"Expected {Slots * width} verdicts ({Slots} slots × {width} channels), found room for {eligible.Length}.", nameof(eligible));
        }

        eligible.Clear();
        if (!_fast)
        {
            return GridInFull(variants, eligible);
        }

        if (Any(Fixed, _contexts[0], message))
        {
            return 0; // removed by a rule that no slot can change
        }

        var count = 0;
        var released = false;
        Span<sbyte> channel = stackalloc sbyte[width]; // per variant: 0 not asked, -1 suppressed for good, 1 released
        channel.Clear();
        for (var k = 0; k < Slots; k++)
        {
            var context = _contexts[k];
            if (Any(Expiring, context, message))
            {
                break;
            }

            if (!SharedOpen(k, context, message) || (!released && Any(Releasing, context, message)))
            {
                continue;
            }

            released = true;
            for (var v = 0; v < width; v++)
            {
                if (channel[v] == 0 && Any(ChannelConstant, context, variants[v]))
                {
                    channel[v] = -1;
                }

                if (channel[v] == -1 || (channel[v] == 0 && Any(ChannelReleasing, context, variants[v])))
                {
                    continue;
                }

                channel[v] = 1;
                eligible[k * width + v] = true;
                count++;
            }
        }

        return count;
    }

    private int GridInFull(MessageDefinition[] variants, Span<bool> eligible)
    {
        var count = 0;
        for (var k = 0; k < Slots; k++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                if (!HardRules.Suppresses(_contexts[k], variants[v]))
                {
                    eligible[k * variants.Length + v] = true;
                    count++;
                }
            }
        }

        return count;
    }

    private bool SharedOpen(int slot, RuleContext context, MessageDefinition message)
    {
        ref var shared = ref _shared[2 * slot + (context.BypassesCaps(message) ? 1 : 0)];
        if (shared == 0)
        {
            shared = Any(Shared, context, message) ? (byte)1 : (byte)2;
        }

        return shared == 2;
    }

    private static bool Any(HardRule[] rules, RuleContext context, MessageDefinition message)
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
