using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Decisioning.Tests;

/// <summary>A small hand-written situation: a user's events, profile, catalog and the decision instant.</summary>
internal sealed class Scenario
{
    public static readonly DateTime Now = new(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc);

    private readonly List<UserEvent> _events = [];
    private int _seq;

    public UserProfile Profile { get; set; } = new("u1", Now.AddDays(-40), "DE", "UTC", 25, "free");

    public MessageDefinition Message { get; set; } = new()
    {
        Id = "m1",
        Category = MessageCategory.Engagement,
        Channel = "email",
        GoalEvent = "task_created",
        Value = 10,
    };

    public ContactPolicy Policy { get; set; } = new()
    {
        Overall = new FrequencyCap { PerDay = 2, PerWeek = 5 },
        MinGapHours = 4,
        QuietHours = new QuietHours { StartHour = 22, EndHour = 7 },
        ExplorationRate = 0,
        MinExpectedValue = double.NegativeInfinity,
    };

    public IReadOnlyList<MessageDefinition> OtherMessages { get; set; } = [];

    public IReadOnlyList<UserEvent> Events => _events;

    public Scenario Add(string type, double hoursAgo, string? messageId = null, string? properties = null)
    {
        _events.Add(new UserEvent($"e{++_seq}", "u1", Now.AddHours(-hoursAgo), type, messageId, null, properties));
        return this;
    }

    public Scenario Sent(string messageId, double hoursAgo) => Add(EventTypes.MessageSent, hoursAgo, messageId);

    public MessageCatalog Catalog => new() { Messages = [Message, .. OtherMessages], Policy = Policy };

    public UserState State()
    {
        var state = new UserState();
        foreach (var e in _events)
        {
            state.Apply(e);
        }

        return state;
    }

    public DecisionRequest Request(string decisionId = "d1", DateTime? asOf = null) => new()
    {
        DecisionId = decisionId,
        UserId = "u1",
        State = State(),
        Profile = Profile,
        Catalog = Catalog,
        AsOf = asOf ?? Now,
    };
}
