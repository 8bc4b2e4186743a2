using Recommender.Core.Events;
using Recommender.Core.Features.State;

namespace Recommender.Core.Features;

/// <summary>
/// Scheduled sends: a send the API recorded for a later instant (a decision's <c>send_at</c>) is a <c>message_sent</c>
/// at that instant like any other, so every rule counts it, plus a mark of type <see cref="EventTypes.SendScheduled"/> at
/// the same instant, so that the state knows the send has not gone out yet. The caller's report of the send moves it
/// to the instant it really went out (<see cref="TryMoveScheduledSend"/>).
/// </summary>
public sealed partial class UserState
{
    /// <summary>Marks the send recorded at <paramref name="at"/> as scheduled (not yet gone out). Not counted in <see cref="EventsApplied"/>.</summary>
    public void MarkScheduled(DateTime at)
    {
        Series(EventTypes.SendScheduled).Add(at.Ticks, Boundary);
        if (at.Ticks > LatestTicks)
        {
            LatestTicks = at.Ticks;
            CompactIfDue();
        }
    }

    /// <summary>
    /// The earliest scheduled send at or after <paramref name="from"/> that has not been reported yet, with its message;
    /// null when there is none.
    /// </summary>
    public SentMessage? ScheduledSendFrom(DateTime from)
    {
        if (!_types.TryGetValue(EventTypes.SendScheduled, out var marks))
        {
            return null;
        }

        var recent = marks.Recent;
        for (var i = marks.LowerBound(from.Ticks); i < recent.Length; i++)
        {
            var sends = Sends.Items;
            var j = Sends.LowerBound(recent[i]);
            if (j < sends.Length && sends[j].Ticks == recent[i])
            {
                return new SentMessage(new DateTime(recent[i], DateTimeKind.Utc), sends[j].Message.Id, sends[j].Channel);
            }
        }

        return null;
    }

    /// <summary>
    /// Replaces a scheduled send of <paramref name="actual"/>'s message recorded in [<paramref name="from"/>,
    /// <paramref name="to"/>) by <paramref name="actual"/> (the caller's report, at the instant the send went out): the
    /// recorded send and its mark are removed and <paramref name="actual"/> is applied. False, and nothing changes, when
    /// no send of that message in the range is marked scheduled (a send decided for "now", or one reported before).
    /// </summary>
    public bool TryMoveScheduledSend(DateTime from, DateTime to, UserEvent actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.EventType != EventTypes.MessageSent || actual.MessageId is not { } messageId
            || !_types.TryGetValue(EventTypes.SendScheduled, out var marks)
            || !_messages.TryGetValue(messageId, out var message)
            || !_types.TryGetValue(EventTypes.MessageSent, out var sent))
        {
            return false;
        }

        var recent = marks.Recent;
        for (var i = marks.LowerBound(Math.Max(from.Ticks, Boundary)); i < recent.Length && recent[i] < to.Ticks; i++)
        {
            var ticks = recent[i];
            if (!Sends.Remove(ticks, message, out var channel))
            {
                continue;
            }

            marks.Remove(ticks);
            message.Sends.Remove(ticks);
            if (channel is not null)
            {
                message.Channels.Remove(ticks, channel);
            }

            sent.Remove(ticks);
            EventsApplied--;
            Apply(actual);
            return true;
        }

        return false;
    }
}
