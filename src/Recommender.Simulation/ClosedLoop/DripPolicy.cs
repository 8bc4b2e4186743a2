using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Events;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// The event-triggered drip baseline that marketing suites ship: a fixed sequence (message k of the catalog on
/// day 2k after signup, each once) plus every trigger when it fires, respecting only opt-outs and complaints.
/// It ignores eligibility, caps, support situations and whether the message can still help.
/// </summary>
public sealed class DripPolicy : ISendPolicy
{
    public const double DaysBetweenSteps = 2;

    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsubscribed = new(StringComparer.Ordinal);
    private bool _unsubscribedAll;
    private bool _complained;
    private int _applied;

    public PolicyDecision Decide(DecisionContext context)
    {
        Observe(context);
        if (context.TriggeredMessage is { } triggered)
        {
            return Allowed(triggered) ? Send(triggered) : PolicyDecision.None;
        }

        var days = (context.Now - context.User.SignupAt).TotalDays;
        var step = 0;
        foreach (var m in context.Catalog.Messages)
        {
            if (m.Trigger is not null)
            {
                continue;
            }

            if (step++ * DaysBetweenSteps <= days && !_sent.Contains(m.Id) && Allowed(m))
            {
                return Send(m);
            }
        }

        return PolicyDecision.None;
    }

    private PolicyDecision Send(MessageDefinition m)
    {
        _sent.Add(m.Id);
        return PolicyDecision.Send(m.Id, 1);
    }

    private bool Allowed(MessageDefinition m) =>
        m.Category == MessageCategory.Transactional
        || (!_complained && !_unsubscribedAll && !_unsubscribed.Contains(CategoryNames.Of(m.Category)));

    private void Observe(DecisionContext context)
    {
        for (; _applied < context.History.Count; _applied++)
        {
            var e = context.History[_applied];
            switch (e.EventType)
            {
                case EventTypes.Complained:
                    _complained = true;
                    break;
                case EventTypes.Unsubscribed when CategoryOf(e) is { } category:
                    _unsubscribed.Add(category);
                    break;
                case EventTypes.Unsubscribed:
                    _unsubscribedAll = true;
                    break;
            }
        }
    }

    private static string? CategoryOf(UserEvent e) =>
        EventPropertyReader.GetString(e.Properties, EventProperties.Category)?.ToLowerInvariant();
}
