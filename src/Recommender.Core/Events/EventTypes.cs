namespace Recommender.Core.Events;

/// <summary>
/// Event types with a meaning fixed by the data contract. Every other event type is a product action.
/// </summary>
public static class EventTypes
{
    /// <summary>A message was delivered. Properties may carry <c>decision_id</c> and <c>propensity</c>.</summary>
    public const string MessageSent = "message_sent";
    public const string MessageOpened = "message_opened";
    public const string MessageClicked = "message_clicked";

    /// <summary>Opt-out. Property <c>category</c> names one category; absent means every category.</summary>
    public const string Unsubscribed = "unsubscribed";
    public const string Resubscribed = "resubscribed";

    /// <summary>A spam report: from then on only transactional messages may go out.</summary>
    public const string Complained = "complained";
    public const string TicketOpened = "ticket_opened";
    public const string TicketClosed = "ticket_closed";
    public const string KbArticleViewed = "kb_article_viewed";

    /// <summary>
    /// A logged decision to send nothing (the control arm). Carries <c>propensity</c>, the probability
    /// of the no-send action, and <c>message_id</c>, the candidate that was held out, so that control rows
    /// can be paired with a message for uplift.
    /// </summary>
    public const string DecisionNoSend = "decision_no_send";

    /// <summary>
    /// Profile attributes known from this instant on: properties is a JSON object of attribute names and values
    /// (<see cref="Profiles.ProfileAttributes"/>). Features and rules see each value from its own instant, never earlier.
    /// </summary>
    public const string ProfileUpdated = "profile_updated";

    /// <summary>
    /// Not an event of the data contract: the mark a user's state keeps beside a send the API recorded for a later
    /// instant (a scheduled send), at the send's own instant, until the caller's <c>message_sent</c> reports it
    /// (<see cref="Features.UserState.MarkScheduled"/>). Callers may not send it; it is reserved so that it never counts
    /// as a product action.
    /// </summary>
    public const string SendScheduled = "send_scheduled";

    /// <summary>All reserved types, for validation and documentation.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MessageSent, MessageOpened, MessageClicked, Unsubscribed, Resubscribed, Complained,
        TicketOpened, TicketClosed, KbArticleViewed, DecisionNoSend, ProfileUpdated, SendScheduled,
    };

    /// <summary>Reserved types that must name the message they concern.</summary>
    public static IReadOnlySet<string> RequireMessageId { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MessageSent, MessageOpened, MessageClicked,
    };
}
