using Recommender.Core.Catalog;

namespace Recommender.Simulation;

/// <summary>
/// The causal response of the synthetic world, and therefore its oracle. Every outcome the simulator draws
/// after a send or a control decision is drawn from exactly these probabilities, so they are the
/// <b>true</b> probabilities given the world's full state: later work measures models and policies
/// against them.
/// </summary>
/// <remarks>
/// Goal: the organic probability of the goal within the message's window is
/// <c>p0 = 1 − exp(−rate × window)</c> from the user's current organic rate. A send adds an independent
/// chance <c>q</c> (the lift: heterogeneous in the user's traits and state, damped by fatigue), so
/// <c>P(goal | send) = 1 − (1 − p0)(1 − q)</c>. A promotional message to a user with an open ticket backfires:
/// <c>P(goal | send) = p0 × (1 − backfire)</c>. A goal already drawn to happen inside the window makes both 1;
/// a one-shot goal already reached makes both 0. Unsubscribe: a logistic function of fatigue, category,
/// channel, support state and a personal offset.
/// </remarks>
public static class ResponseModel
{
    /// <summary>Share of the organic goal chance lost when a promotional message hits an open ticket.</summary>
    public const double SupportBackfire = 0.5;

    public static double GoalProbability(UserWorldState s, MessageDefinition m, DateTime at, bool send) =>
        GoalProbability(s, m, at, send, Arrival(s, m, at));

    /// <summary>
    /// As above, with the arrival factor given: 1 is the message at an average decision hour on a channel of average
    /// responsiveness (what the oracle scores, leaving the hour and the channel to the send-time search).
    /// </summary>
    public static double GoalProbability(UserWorldState s, MessageDefinition m, DateTime at, bool send, double arrival)
    {
        var end = at.AddHours(m.GoalWindowHours);
        if (s.HasScheduledGoal(m.GoalEvent, at, end))
        {
            return 1;
        }

        if (ProductEvents.OneShot.Contains(m.GoalEvent) && s.HasDone(m.GoalEvent))
        {
            return 0;
        }

        var p0 = BaselineGoalProbability(s, m, at);
        if (!send)
        {
            return p0;
        }

        var q = Lift(s, m, at, arrival);
        return q >= 0 ? 1 - (1 - p0) * (1 - q) : p0 * (1 + q);
    }

    /// <summary>P(goal within the window | no send), from the organic rate frozen at <paramref name="at"/>.</summary>
    public static double BaselineGoalProbability(UserWorldState s, MessageDefinition m, DateTime at) =>
        1 - Math.Exp(-OrganicBehaviour.DailyRate(s, m.GoalEvent, at) * m.GoalWindowHours / 24);

    /// <summary>
    /// The incremental chance a send creates (negative: the send destroys some organic chance).
    /// Personal, state-dependent and damped by fatigue: no single message is best for everyone.
    /// </summary>
    public static double Lift(UserWorldState s, MessageDefinition m, DateTime at) => Lift(s, m, at, Arrival(s, m, at));

    /// <summary>
    /// The user's responsiveness to <paramref name="m"/> arriving at <paramref name="at"/> on its channel: the hour's
    /// lift (1 on average over the world's decision hours) times the channel's (1 on average over users).
    /// </summary>
    public static double Arrival(UserWorldState s, MessageDefinition m, DateTime at) =>
        s.User.Traits.Arrival.Factor(s.LocalHour(at), m.Channel);

    /// <summary>The lift with the arrival factor given. A backfire on an open ticket does not depend on the hour.</summary>
    public static double Lift(UserWorldState s, MessageDefinition m, DateTime at, double arrival)
    {
        if (IsPromotional(m.Category) && s.OpenTicketCount > 0)
        {
            return -SupportBackfire;
        }

        var traits = s.User.Traits;
        var damping = traits.Responsiveness * Math.Exp(-traits.FatigueSensitivity * s.FatigueAt(at));
        // After a behaviour shift messages move users far less: what a model learnt before is too optimistic after.
        return Math.Min(0.9, MessageEffects.Affinity(s, m, at) * damping * arrival * (s.Options.IsShifted(at) ? 0.2 : 1));
    }

    /// <summary>P(unsubscribe or complaint caused by sending <paramref name="m"/> now).</summary>
    public static double UnsubscribeProbability(UserWorldState s, MessageDefinition m, DateTime at)
    {
        if (!s.Options.OptOuts)
        {
            return 0;
        }

        if (s.PendingOptOut is { } pending && pending > at && pending <= at.AddHours(168))
        {
            return 1;
        }

        var logit = -5.0 + s.User.Traits.UnsubscribeLogit + 0.5 * s.FatigueAt(at)
            + m.Category switch
            {
                MessageCategory.Marketing => 0.8,
                MessageCategory.Engagement => 0.3,
                MessageCategory.Service => -0.8,
                MessageCategory.Transactional => -2.5,
                _ => 0,
            }
            + m.Channel switch
            {
                "push" => 0.2,
                "in_app" => -0.7,
                _ => 0,
            }
            + (IsPromotional(m.Category) && s.OpenTicketCount > 0 ? 1.5 : 0);
        return Population.Sigmoid(logit);
    }

    /// <summary>
    /// P(the message is opened), when the send did not convert (converted sends are nearly always opened).
    /// Users waiting on a support ticket ignore promotions. A message arriving at the user's active hours and on a
    /// channel that reaches them is opened more: that is where the recommender can see the hidden arrival traits.
    /// </summary>
    public static double OpenProbability(UserWorldState s, MessageDefinition m, DateTime at) =>
        Population.Sigmoid(-0.2 + s.User.Traits.OpenLogit - 0.25 * s.FatigueAt(at) + Math.Log(Arrival(s, m, at))
            + m.Channel switch { "in_app" => 1.0, "push" => -0.3, _ => 0 }
            - (IsPromotional(m.Category) && s.OpenTicketCount > 0 ? 1.2 : 0));

    public static bool IsPromotional(MessageCategory category) =>
        category is MessageCategory.Marketing or MessageCategory.Engagement;
}
