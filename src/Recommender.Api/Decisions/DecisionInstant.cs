using System.Globalization;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Decisioning;

namespace Recommender.Api.Decisions;

/// <summary>
/// The instant a decision is made for: the caller's <c>as_of</c> (or now), but never before the user's latest
/// recorded send, scheduled or not; and what a "now only" decision answers while a send is scheduled after its
/// <c>as_of</c>.
/// </summary>
/// <remarks>
/// <para>The hard rules count the sends in windows that end at the decision instant (caps over the last 24 hours and
/// 7 days, spacing since the last send, a message's cooldown and its sends ever). A send recorded at an instant
/// after the decision's lies outside those windows, so a caller stepping <c>as_of</c> back an hour at a time could
/// place send after send "before" the ones already recorded, each one legal on its own and together far over every
/// cap; a caller whose clock runs behind another's did the same by accident.</para>
/// <para>The rule: a decision never goes back before the latest send it can see. Its instant is
/// <c>max(as_of, latest send + 1 tick)</c>, so every recorded send lies strictly before it, inside the windows the
/// rules count, and the send it records (stamped one tick before its instant) is again the latest. Every send
/// therefore counts against every later decision's caps and spacing, whatever <c>as_of</c> each of them named, and
/// because the recorded sends only ever move forward, the caps hold in every window, not only in those ending at a
/// decision. The answer's <c>as_of</c> is the instant actually decided for, so the decision log and a replay see
/// what the rules saw.</para>
/// <para><b>Scheduled sends.</b> A decision with a look-ahead records its send at its <c>send_at</c> (one tick
/// before), up to a week after its instant, and that send is a recorded send like any other: the rule above is
/// unchanged, so the next decision for the user is made as of just after it. For a decision that asked for a
/// look-ahead that is the right answer: it searches its own look-ahead from there, counts the scheduled send in every
/// window, and its <c>as_of</c> says where it started. It is not for a "now only" caller, who sends when it is answered:
/// a send it made now would lie before the scheduled one, where neither decision's rules counted the other (the
/// scheduled send was checked against the sends before it, the "now" send would have been checked as of after it).
/// So while a scheduled send lies at or after the requested instant (<see cref="ScheduledAhead"/>), a "now only"
/// decision sends nothing, with reason <see cref="ApiDecisionReasons.SendScheduled"/> and a suppression that names the
/// scheduled message and instant (<see cref="Explain"/>); its <c>as_of</c> is the instant the rule above gives. Once the
/// scheduled instant has passed, or the caller's <c>message_sent</c> has reported the send (which moves it to the
/// instant it went out), "now only" decisions are made as before. Sending nothing never breaks a cap, and no send is
/// ever recorded before a recorded one, so the guarantee above holds with scheduled sends: every recorded send,
/// scheduled or not, counts against every later decision in every window.</para>
/// <para>Why not move a "now only" decision before the scheduled send instead: its send would then be recorded before
/// a send already recorded, the one thing the rule forbids, and the scheduled send's own check (made without it) could
/// be broken after the fact: a day cap of one with a send scheduled at 15:00 and a "now" send at 12:00.</para>
/// </remarks>
public static class DecisionInstant
{
    /// <summary>The instant to decide for: <c>max(<paramref name="requested"/>, latest recorded send + 1 tick)</c>.</summary>
    public static DateTime Of(DateTime requested, UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LastBefore(EventTypes.MessageSent, DateTime.MaxValue) is { } latestSend && latestSend >= requested
            ? latestSend.AddTicks(1)
            : requested;
    }

    /// <summary>
    /// The earliest send recorded for a scheduled decision that lies at or after <paramref name="requested"/> and that
    /// the caller has not reported yet: a "now only" decision sends nothing while there is one. Null when there is none.
    /// </summary>
    public static SentMessage? ScheduledAhead(DateTime requested, UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ScheduledSendFrom(requested);
    }

    /// <summary>The suppression a "now only" decision answers while <paramref name="scheduled"/> is ahead of it.</summary>
    public static Suppression Explain(SentMessage scheduled)
    {
        // The send is recorded one tick before its send_at; the caller was told send_at.
        var sendAt = scheduled.At.AddTicks(1).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
        return new Suppression(scheduled.MessageId, ApiDecisionReasons.SendScheduled,
            $"a send of '{scheduled.MessageId}' is scheduled at {sendAt}: a \"now only\" decision sends nothing before it; ask again after it, once its message_sent is reported, or with send_time");
    }
}
