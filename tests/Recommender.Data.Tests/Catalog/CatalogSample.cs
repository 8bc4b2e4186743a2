using System.Text.Json.Nodes;

namespace Recommender.Data.Tests.Catalog;

/// <summary>A valid catalog as a JSON tree, for tests to break one value of.</summary>
internal static class CatalogSample
{
    public const string Json = """
        {
          // Comments are allowed: people edit this file.
          "messages": [
            {
              "id": "welcome", "category": "onboarding", "channel": "email", "goal_event": "project_created",
              "goal_window_hours": 72, "value": 5, "priority": 1, "cooldown_hours": 24, "max_sends": 1,
              "eligibility": { "plans": ["free"], "min_company_size": 1, "max_company_size": 50, "excluded_events": ["project_created"] }
            },
            {
              "id": "team_growing", "category": "engagement", "channel": "in_app", "goal_event": "teammate_invited",
              "trigger": { "event_type": "teammate_invited", "count": 5, "within_hours": 24 }
            },
            { "id": "upgrade", "category": "marketing", "channel": "email", "goal_event": "plan_upgraded", "value": 50 }
          ],
          "policy": {
            "overall": { "per_day": 1, "per_week": 3 },
            "channel_caps": { "email": { "per_day": 1, "per_week": 2 } },
            "category_caps": { "marketing": { "per_day": 1, "per_week": 1 } },
            "min_gap_hours": 20,
            "quiet_hours": { "start_hour": 21, "end_hour": 8 },
            "support": { "suppressed_categories": ["marketing"] },
            "exploration_rate": 0.05,
          }
        }
        """;

    public static JsonObject Parse() =>
        JsonNode.Parse(Json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!
            .AsObject();

    public static JsonObject Message(this JsonObject root, int index) => root["messages"]![index]!.AsObject();

    public static JsonObject Policy(this JsonObject root) => root["policy"]!.AsObject();

    public static JsonObject At(this JsonObject node, string name) => node[name]!.AsObject();
}
