namespace Recommender.Core.Catalog;

/// <summary>One candidate message of the catalog, with its goal, value and per-message contact rules.</summary>
public sealed record MessageDefinition
{
    public required string Id { get; init; }

    public required MessageCategory Category { get; init; }

    /// <summary>Delivery channel (email, push, in_app, sms, …); caps may be set per channel.</summary>
    public required string Channel { get; init; }

    /// <summary>
    /// Every channel this message's content can go out on (e-mail, push and in-app variants of one content), with
    /// <see cref="Channel"/> among them. Null (the default, and not written): <see cref="Channel"/> alone. A decision
    /// that may choose the channel picks among them; a "now only" decision keeps <see cref="Channel"/>, as before
    /// channels could be offered.
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// The channel a send of this message counts on, given the channel its <c>message_sent</c> named
    /// (<paramref name="named"/>, null when none): the named one when this message offers it (<see cref="Channels"/>),
    /// else <see cref="Channel"/>. A channel the message does not offer (a typo, a variant since retired) cannot have
    /// carried this content, so the catalog's channel is the safer reading.
    /// </summary>
    public string ChannelOfSend(string? named)
    {
        if (named is null || named == Channel || Channels is not { } offered)
        {
            return Channel;
        }

        foreach (var c in offered)
        {
            if (c == named)
            {
                return c;
            }
        }

        return Channel;
    }

    /// <summary>The event type that counts as success for this message.</summary>
    public required string GoalEvent { get; init; }

    /// <summary>
    /// False (the default): a user who has done the goal event is past this message, and the
    /// <c>goal_reached</c> rule suppresses it. True for goals that are done again and again (creating tasks,
    /// reading help articles), where having done it once says nothing.
    /// </summary>
    public bool RepeatableGoal { get; init; }

    /// <summary>How long after the send the goal event still counts as a success.</summary>
    public double GoalWindowHours { get; init; } = 72;

    /// <summary>What one reached goal is worth, in the same unit as the policy's unsubscribe cost.</summary>
    public double Value { get; init; } = 1;

    /// <summary>Priority tier: higher tiers are served first, EV only orders within a tier.</summary>
    public int Priority { get; init; }

    /// <summary>Minimum hours between two sends of this same message.</summary>
    public double CooldownHours { get; init; }

    /// <summary>Maximum sends of this message to one user, ever; null means unlimited.</summary>
    public int? MaxSends { get; init; }

    public Eligibility Eligibility { get; init; } = new();

    public MessageTrigger? Trigger { get; init; }

    /// <summary>
    /// Attributes of the message that become model inputs (price, brand, length, …): numbers become
    /// <c>msg.num.NAME</c>, texts one-hots <c>msg.cat.NAME=VALUE</c>. Null (the default, and not written) for none:
    /// a catalog without features gives the same schema as before they existed.
    /// </summary>
    public IReadOnlyDictionary<string, MessageFeatureValue>? Features { get; init; }
}
