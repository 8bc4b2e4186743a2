using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// The outcome each logged decision is credited with. The naive reward, "the message's goal happened within its
/// window", counts one goal several times when later decisions fall in the same window (a held-out message comes back
/// the next day, a second message shares the goal), which on the synthetic world overstates the logging policy's goals
/// against the truth (docs/results.md, "Attributed rewards"). So a goal is credited to the <em>latest</em> earlier decision that could have caused it: decision i
/// earns its message's goal if it happens in (tᵢ, tᵢ + window] and no later decision of the same user for a message with
/// the same goal event came before it. Each goal event is credited at most once. The window is
/// <see cref="OutcomeWindow"/>'s, the one the training labels use.
/// </summary>
/// <remarks>
/// Unsubscribes likewise: a send earns an unsubscribe or complaint in (tᵢ, tᵢ + fatigue window] that came before the
/// user's next send; a decision to send nothing earns none (it cannot cause an opt-out). The rewards are those of
/// the logging policy's decisions; what the other policies would have earned is the estimators' job.
/// </remarks>
internal static class AttributedRewards
{
    /// <summary>1 when the goal of <paramref name="message"/> is credited to the decision at <paramref name="events"/>[<paramref name="at"/>], else 0.</summary>
    /// <param name="next">The instant of the user's next logged decision for a message with the same goal event; null when none.</param>
    public static double Goal(UserEvent[] events, int at, MessageDefinition message, DateTime? next) =>
        OutcomeWindow.Happens(events, at, OutcomeWindow.End(events[at].Timestamp, message.GoalWindowHours, next), message.GoalEvent) ? 1 : 0;

    /// <summary>1 when an unsubscribe or complaint is credited to the send at <paramref name="events"/>[<paramref name="at"/>], else 0.</summary>
    /// <param name="nextSend">The instant of the user's next logged send; null when none.</param>
    public static double Unsubscribe(UserEvent[] events, int at, double fatigueWindowHours, DateTime? nextSend) =>
        OutcomeWindow.Happens(events, at, OutcomeWindow.End(events[at].Timestamp, fatigueWindowHours, nextSend), EventTypes.Unsubscribed, EventTypes.Complained) ? 1 : 0;
}
