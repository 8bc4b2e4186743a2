using Recommender.Core.Events;
using Recommender.Core.Features;

namespace Recommender.Api.Decisions;

/// <summary>
/// The instant a decision is made for: the caller's <c>as_of</c> (or now), but never before the user's latest
/// recorded send.
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
/// </remarks>
public static class DecisionInstant
{
    public static DateTime Of(DateTime requested, UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LastBefore(EventTypes.MessageSent, DateTime.MaxValue) is { } latestSend && latestSend >= requested
            ? latestSend.AddTicks(1)
            : requested;
    }
}
