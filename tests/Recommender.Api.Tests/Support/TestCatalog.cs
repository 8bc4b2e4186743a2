using Recommender.Core.Catalog;

namespace Recommender.Api.Tests.Support;

/// <summary>A small catalog with no exploration, no quiet hours and no holdout, so decisions are exact to assert.</summary>
public static class TestCatalog
{
    public static MessageCatalog Create(int perDay = 1, double minGapHours = 0) => new()
    {
        Messages =
        [
            new MessageDefinition { Id = "welcome", Category = MessageCategory.Onboarding, Channel = "email", GoalEvent = "project_created", Value = 10, Priority = 1 },
            new MessageDefinition { Id = "tips", Category = MessageCategory.Engagement, Channel = "in_app", GoalEvent = "teammate_invited", Value = 5, Priority = 1 },
            new MessageDefinition { Id = "promo", Category = MessageCategory.Marketing, Channel = "email", GoalEvent = "upgraded", Value = 3, Priority = 0 },
        ],
        Policy = new ContactPolicy
        {
            Overall = new FrequencyCap { PerDay = perDay, PerWeek = 50 },
            MinGapHours = minGapHours,
            QuietHours = null,
            ExplorationRate = 0,

            // Tests name their users; the global holdout (tested on its own) would take some of them out.
            Holdout = new GlobalHoldout { Share = 0 },
        },
    };
}
