using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Core.Tests.Support;

/// <summary>A small catalog touching every category and three channels, two messages with attributes (numeric and text), and the schema options the random logs use.</summary>
internal static class TestCatalog
{
    public static readonly string[] ProductTypes = ["session_started", "project_created", "task_created", "report_exported", "plan_upgraded"];

    public static MessageCatalog Create() => new()
    {
        Messages =
        [
            Message("welcome", MessageCategory.Onboarding, "email", "project_created", 72, priority: 1) with
            {
                Features = new Dictionary<string, MessageFeatureValue> { ["length"] = MessageFeatureValue.Of(120), ["tone"] = MessageFeatureValue.Of("friendly") },
            },
            Message("tasks", MessageCategory.Engagement, "push", "task_created", 48, priority: 0),
            Message("upgrade", MessageCategory.Marketing, "email", "plan_upgraded", 168, priority: 0) with
            {
                Features = new Dictionary<string, MessageFeatureValue>
                {
                    ["length"] = MessageFeatureValue.Of(80.5), ["tone"] = MessageFeatureValue.Of("urgent"), ["discount"] = MessageFeatureValue.Of(0.2),
                },
            },
            Message("help", MessageCategory.Service, "in_app", "kb_article_viewed", 24, priority: 2),
            Message("security", MessageCategory.Transactional, "email", "two_factor_enabled", 168, priority: 3),
        ],
    };

    public static FeatureSchemaOptions Options() => new()
    {
        EventTypes = ["session_started", "task_created", "report_exported", "message_opened"],
        Plans = ["free", "pro"],
        NumericColumns = ["seats", "mrr"],
        CategoricalColumns = [new CategoricalVocabulary("industry", ["agency", "software"])],
    };

    public static FeatureSchema Schema() => FeatureSchema.Create(Create(), Options());

    private static MessageDefinition Message(string id, MessageCategory category, string channel, string goal, double window, int priority) => new()
    {
        Id = id,
        Category = category,
        Channel = channel,
        GoalEvent = goal,
        GoalWindowHours = window,
        Priority = priority,
    };
}
