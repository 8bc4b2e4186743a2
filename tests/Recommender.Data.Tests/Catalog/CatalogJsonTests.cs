using System.Text.Json.Nodes;
using Recommender.Core.Catalog;
using Recommender.Data.Catalog;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.Catalog;

public sealed class CatalogJsonTests
{
    internal sealed record Case(Action<JsonObject> Break, long? Row, string Path, string Expected, string Found);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["unknown category"] = new(
            r => r.Message(1)["category"] = "promo", 1, "messages[1].category",
            "one of \"transactional\", \"service\", \"onboarding\", \"engagement\", \"marketing\"", "\"promo\""),
        ["unknown category as cap key"] = new(
            r => r.Policy().At("category_caps")["promo"] = new JsonObject(), null, "policy.category_caps.promo",
            "a key that is one of \"transactional\"", "\"promo\""),
        ["unknown suppressed category"] = new(
            r => r.Policy().At("support")["suppressed_categories"] = new JsonArray("spam"), null,
            "policy.support.suppressed_categories[0]", "one of \"transactional\"", "\"spam\""),
        ["negative overall per_day"] = new(r => r.Policy().At("overall")["per_day"] = -1, null, "policy.overall.per_day", "a number ≥ 0", "-1"),
        ["negative channel per_week"] = new(
            r => r.Policy().At("channel_caps").At("email")["per_week"] = -2, null, "policy.channel_caps.email.per_week", "a number ≥ 0", "-2"),
        ["per_day above per_week"] = new(
            r => r.Policy().At("overall")["per_day"] = 5, null, "policy.overall.per_day", "at most per_week (3)", "5"),
        ["category per_day above per_week"] = new(
            r => r.Policy().At("category_caps").At("marketing")["per_day"] = 2, null, "policy.category_caps.marketing.per_day",
            "at most per_week (1)", "2"),
        ["negative min_gap_hours"] = new(r => r.Policy()["min_gap_hours"] = -4, null, "policy.min_gap_hours", "a number from 0 to 87600", "-4"),
        ["negative cooldown_hours"] = new(r => r.Message(0)["cooldown_hours"] = -1, 0, "messages[0].cooldown_hours", "a number from 0 to 87600", "-1"),
        ["negative goal_window_hours"] = new(
            r => r.Message(2)["goal_window_hours"] = -72, 2, "messages[2].goal_window_hours", "a number > 0", "-72"),
        ["negative value"] = new(r => r.Message(2)["value"] = -50, 2, "messages[2].value", "a number from 0 to 1000000000", "-50"),
        ["negative fatigue window"] = new(
            r => r.Policy()["fatigue_window_hours"] = -1, null, "policy.fatigue_window_hours", "a number > 0", "-1"),
        ["quiet start hour 24"] = new(
            r => r.Policy().At("quiet_hours")["start_hour"] = 24, null, "policy.quiet_hours.start_hour", "an hour from 0 to 23", "24"),
        ["quiet end hour negative"] = new(
            r => r.Policy().At("quiet_hours")["end_hour"] = -1, null, "policy.quiet_hours.end_hour", "an hour from 0 to 23", "-1"),
        ["exploration rate 1"] = new(r => r.Policy()["exploration_rate"] = 1, null, "policy.exploration_rate", "a probability in [0, 1)", "1"),
        ["exploration rate negative"] = new(
            r => r.Policy()["exploration_rate"] = -0.1, null, "policy.exploration_rate", "a probability in [0, 1)", "-0.1"),
        ["duplicate message id"] = new(
            r => r.Message(2)["id"] = "welcome", 2, "messages[2].id", "a message id used once", "\"welcome\", already used by messages[0]"),
        ["empty id"] = new(r => r.Message(1)["id"] = "", 1, "messages[1].id", "a non-empty string", "an empty string"),
        ["null id"] = new(r => r.Message(1)["id"] = null, 1, "messages[1].id", "a string", "null"),
        ["id holding a newline"] = new(
            r => r.Message(1)["id"] = "first\nproject", 1, "messages[1].id",
            "text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end", "U+000A at character 6"),
        ["goal event ending in a space"] = new(
            r => r.Message(2)["goal_event"] = "project_created ", 2, "messages[2].goal_event",
            "text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end", "white space (U+0020) at the end"),
        ["empty channel"] = new(r => r.Message(0)["channel"] = " ", 0, "messages[0].channel", "a non-empty string", "\" \""),
        ["empty goal_event"] = new(r => r.Message(2)["goal_event"] = "", 2, "messages[2].goal_event", "a non-empty string", "an empty string"),
        ["trigger count 0"] = new(r => r.Message(1).At("trigger")["count"] = 0, 1, "messages[1].trigger.count", "a count of at least 1", "0"),
        ["trigger window 0"] = new(
            r => r.Message(1).At("trigger")["within_hours"] = 0, 1, "messages[1].trigger.within_hours", "a number > 0", "0"),
        ["empty trigger event"] = new(
            r => r.Message(1).At("trigger")["event_type"] = "", 1, "messages[1].trigger.event_type", "a non-empty string", "an empty string"),
        ["channels without the message's channel"] = new(
            r =>
            {
                r.Message(0)["channel"] = "email";
                r.Message(0)["channels"] = new JsonArray("push", "in_app");
            },
            0, "messages[0].channels", "a list that includes the message's channel \"email\"", "[\"push\", \"in_app\"]"),
        ["channel offered twice"] = new(
            r =>
            {
                r.Message(0)["channel"] = "email";
                r.Message(0)["channels"] = new JsonArray("email", "push", "email");
            },
            0, "messages[0].channels[2]", "each channel once", "\"email\" again"),
        ["empty offered channel"] = new(
            r =>
            {
                r.Message(0)["channel"] = "email";
                r.Message(0)["channels"] = new JsonArray("email", "");
            },
            0, "messages[0].channels[1]", "a non-empty string", "an empty string"),
        ["max_sends 0"] = new(r => r.Message(0)["max_sends"] = 0, 0, "messages[0].max_sends", "at least 1", "0"),
        ["min company size above max"] = new(
            r => r.Message(0).At("eligibility")["min_company_size"] = 51, 0, "messages[0].eligibility.min_company_size",
            "at most max_company_size (50)", "51"),
        ["unknown member in message"] = new(
            r => r.Message(0)["colour"] = "red", 0, "messages[0].colour", "one of the members \"category\"", "the unknown member \"colour\""),
        ["unknown member in policy"] = new(
            r => r.Policy()["max_per_day"] = 2, null, "policy.max_per_day", "one of the members", "the unknown member \"max_per_day\""),
        ["unknown top-level member"] = new(r => r["version"] = 2, null, "version", "one of the members \"messages\", \"policy\"", "the unknown member \"version\""),
        ["missing required id"] = new(r => r.Message(1).Remove("id"), 1, "messages[1].id", "a \"id\" member", "none"),
        ["missing messages"] = new(r => r.Remove("messages"), null, "messages", "a \"messages\" member", "none"),
        ["no messages"] = new(r => r["messages"] = new JsonArray(), null, "messages", "at least one message", "none"),
        ["number as string"] = new(r => r.Policy().At("overall")["per_day"] = "1", null, "policy.overall.per_day", "a whole number", "\"1\""),
        ["fractional count"] = new(r => r.Message(1).At("trigger")["count"] = 1.5, 1, "messages[1].trigger.count", "a whole number", "1.5"),
        ["text as value"] = new(r => r.Message(0)["value"] = "high", 0, "messages[0].value", "a number", "\"high\""),
        ["feature as boolean"] = new(
            r => r.Message(0)["features"] = new JsonObject { ["paid"] = true }, 0, "messages[0].features.paid", "a number or a string", "true"),
        ["feature as list"] = new(
            r => r.Message(0)["features"] = new JsonObject { ["tags"] = new JsonArray("a") }, 0, "messages[0].features.tags", "a number or a string", "a list"),
        ["feature of two kinds"] = new(
            r =>
            {
                r.Message(0)["features"] = new JsonObject { ["length"] = 120 };
                r.Message(2)["features"] = new JsonObject { ["length"] = "long" };
            },
            2, "messages[2].features.length", "a number, as in messages[0]", "\"long\""),
        ["object as messages"] = new(r => r["messages"] = new JsonObject(), null, "messages", "a list", "an object"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Load_BrokenCatalog_ThrowsIssueNamingFileIndexPathExpectedFound(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        var root = CatalogSample.Parse();
        c.Break(root);
        File.WriteAllText(file, root.ToJsonString());

        var error = Assert.Throws<DataValidationException>(() => CatalogJson.Load(file));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal(file, issue.File);
        Assert.Equal(c.Row, issue.Row);
        Assert.Equal(c.Path, issue.Column);
        Assert.Contains(c.Expected, issue.Expected, StringComparison.Ordinal);
        Assert.Contains(c.Found, issue.Found, StringComparison.Ordinal);
        Assert.Equal($"{file}, at {c.Path}: expected {issue.Expected}, found {issue.Found}", issue.Message);
    }

    [Fact]
    public void Load_SeveralUnknownMembers_ReportsEachOne()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        var root = CatalogSample.Parse();
        root.Message(0)["colour"] = "red";
        root.Message(2)["category"] = "promo";
        root.Policy()["max_per_day"] = 2;
        File.WriteAllText(file, root.ToJsonString());

        var error = Assert.Throws<DataValidationException>(() => CatalogJson.Load(file));

        Assert.Equal(["messages[0].colour", "messages[2].category", "policy.max_per_day"], error.Issues.Select(i => i.Column));
    }

    [Fact]
    public void Load_MalformedJson_NamesTheLine()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        File.WriteAllText(file, "{\n  \"messages\": [\n    { \"id\": \"a\" \n    \"category\": \"service\" }\n  ]\n}\n");

        var error = Assert.Throws<DataValidationException>(() => CatalogJson.Load(file));

        var issue = Assert.Single(error.Issues);
        Assert.Equal("well-formed JSON", issue.Expected);
        Assert.Contains("line 4", issue.Found, StringComparison.Ordinal);
        Assert.StartsWith($"{file}: expected well-formed JSON, found a syntax error at line 4", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");

        var error = Assert.Throws<DataValidationException>(() => CatalogJson.Load(file));

        var issue = Assert.Single(error.Issues);
        Assert.Equal($"{file}: expected a catalog JSON file, found no file at that path", issue.Message);
    }

    [Fact]
    public void Load_ValidCatalogWithCommentsAndTrailingComma_Loads()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        File.WriteAllText(file, CatalogSample.Json);

        var catalog = CatalogJson.Load(file);

        Assert.Equal(["welcome", "team_growing", "upgrade"], catalog.Messages.Select(m => m.Id));
        Assert.Equal(MessageCategory.Engagement, catalog.Messages[1].Category);
        Assert.Equal(5, catalog.Messages[1].Trigger!.Count);
        Assert.Equal(1, catalog.Policy.CategoryCaps[MessageCategory.Marketing].PerWeek);
        Assert.Equal(2, catalog.Policy.ChannelCaps["email"].PerWeek);
        Assert.Equal(168, catalog.Policy.FatigueWindowHours);
    }

    [Fact]
    public void SaveThenLoad_OfferedChannelsRoundTrip_AndACatalogWithoutThemWritesNoMember()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        var plain = new MessageDefinition { Id = "a", Category = MessageCategory.Engagement, Channel = "email", GoalEvent = "x" };
        var offered = plain with { Id = "b", Channels = ["email", "push", "in_app"] };

        CatalogJson.Save(file, new MessageCatalog { Messages = [plain] });
        Assert.DoesNotContain("channels", File.ReadAllText(file), StringComparison.Ordinal);
        CatalogJson.Save(file, new MessageCatalog { Messages = [plain, offered] });
        var loaded = CatalogJson.Load(file);

        Assert.Null(loaded.Messages[0].Channels);
        Assert.Equal(["email", "push", "in_app"], loaded.Messages[1].Channels);
    }

    [Fact]
    public void SaveThenLoad_RoundTripsWithSnakeCaseEnumKeys()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        var catalog = new MessageCatalog
        {
            Messages =
            [
                new MessageDefinition { Id = "a", Category = MessageCategory.Transactional, Channel = "email", GoalEvent = "paid", MaxSends = 2 },
                new MessageDefinition
                {
                    Id = "b", Category = MessageCategory.Marketing, Channel = "push", GoalEvent = "upgraded",
                    Eligibility = new Eligibility { Plans = ["free", "pro"], RequiredEvents = ["x"] },
                    Trigger = new MessageTrigger { EventType = "x", Count = 3, WithinHours = 12 },
                },
            ],
            Policy = new ContactPolicy
            {
                CategoryCaps = new Dictionary<MessageCategory, FrequencyCap> { [MessageCategory.Marketing] = new() { PerWeek = 1 } },
                ChannelCaps = new Dictionary<string, FrequencyCap> { ["push"] = new() { PerDay = 2, PerWeek = 4 } },
                QuietHours = null,
                Support = new SupportSuppression { MaxTicketsIn30Days = null },
                ExplorationRate = 0.1,
            },
        };

        CatalogJson.Save(file, catalog);
        var text = File.ReadAllText(file);
        var loaded = CatalogJson.Load(file);
        CatalogJson.Save(file, loaded);

        Assert.Contains("\"marketing\": {", text, StringComparison.Ordinal);
        Assert.Contains("\"category\": \"transactional\"", text, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(file));
        Assert.Null(loaded.Policy.QuietHours);
        Assert.Null(loaded.Policy.Support.MaxTicketsIn30Days);
        Assert.Equal(["free", "pro"], loaded.Messages[1].Eligibility.Plans);
        Assert.Equal(4, loaded.Policy.ChannelCaps["push"].PerWeek);
    }

    [Fact]
    public void Validate_InMemoryCatalog_ReportsRuleBreaks()
    {
        var catalog = new MessageCatalog
        {
            Messages = [new MessageDefinition { Id = "a", Category = MessageCategory.Service, Channel = "", GoalEvent = "g" }],
            Policy = new ContactPolicy { Overall = new FrequencyCap { PerDay = 4, PerWeek = 2 } },
        };

        var issues = CatalogJson.Validate(catalog, "in-memory");

        Assert.Equal(["messages[0].channel", "policy.overall.per_day"], issues.Select(i => i.Column));
        Assert.All(issues, i => Assert.Equal("in-memory", i.File));
    }

    [Fact]
    public void Load_EqualQuietHours_WarnsWithoutThrowing()
    {
        using var temp = new TempFolder();
        var file = temp.File("catalog.json");
        var root = CatalogSample.Parse();
        root.Policy().At("quiet_hours")["end_hour"] = 21;
        File.WriteAllText(file, root.ToJsonString());

        var catalog = CatalogJson.Load(file);
        var issues = CatalogJson.Validate(catalog, file);

        var warning = Assert.Single(issues);
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        Assert.Equal("policy.quiet_hours", warning.Column);
    }
}
