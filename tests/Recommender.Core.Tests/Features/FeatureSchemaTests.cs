using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

public sealed class FeatureSchemaTests
{
    [Fact]
    public void The_hash_is_a_sha256_hex_that_equal_inputs_share()
    {
        var a = TestCatalog.Schema();
        var b = TestCatalog.Schema();

        Assert.Matches("^[0-9a-f]{64}$", a.Hash);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Names, b.Names);
    }

    public static TheoryData<string, Func<FeatureSchemaOptions, FeatureSchemaOptions>> Changes => new()
    {
        { "another event type", o => o with { EventTypes = [.. o.EventTypes, "report_shared"] } },
        { "another plan", o => o with { Plans = [.. o.Plans, "enterprise"] } },
        { "plans reordered", o => o with { Plans = [.. o.Plans.Reverse()] } },
        { "another numeric column", o => o with { NumericColumns = [.. o.NumericColumns, "arr"] } },
        { "another category value", o => o with { CategoricalColumns = [new CategoricalVocabulary("industry", ["agency", "retail", "software"])] } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_change_of_vocabulary_changes_the_hash(string change, Func<FeatureSchemaOptions, FeatureSchemaOptions> apply)
    {
        var catalog = TestCatalog.Create();

        var changed = FeatureSchema.Create(catalog, apply(TestCatalog.Options()));

        Assert.NotEqual(TestCatalog.Schema().Hash, changed.Hash);
        Assert.False(string.IsNullOrEmpty(change));
    }

    [Fact]
    public void A_goal_event_also_listed_as_frequent_is_counted_once()
    {
        var schema = FeatureSchema.Create(TestCatalog.Create(), TestCatalog.Options() with { EventTypes = ["task_created", "task_created"] });

        Assert.Single(schema.BehaviourTypes, t => t == "task_created");
    }

    [Fact]
    public void Two_features_with_one_name_are_rejected()
    {
        var options = TestCatalog.Options() with { NumericColumns = ["seats", "seats"] };

        var error = Assert.Throws<ArgumentException>(() => FeatureSchema.Create(TestCatalog.Create(), options));
        Assert.Contains("profile.num.seats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabularies_from_profiles_do_not_depend_on_profile_order()
    {
        var profiles = Enumerable.Range(0, 40).Select(i => RandomLog.Generate(i).Profile).ToList();

        var forward = FeatureSchemaOptions.FromProfiles(profiles, ["a"], maxValuesPerColumn: 2);
        var backward = FeatureSchemaOptions.FromProfiles(Enumerable.Reverse(profiles), ["a"], maxValuesPerColumn: 2);

        var catalog = TestCatalog.Create();
        Assert.Equal(FeatureSchema.Create(catalog, forward).Hash, FeatureSchema.Create(catalog, backward).Hash);
        Assert.Equal(["enterprise", "free", "pro"], forward.Plans);
        Assert.Equal(2, forward.CategoricalColumns.Single().Values.Count);
    }

    [Fact]
    public void Message_features_add_their_columns_and_change_the_hash_only_when_a_catalog_has_them()
    {
        var plain = TestCatalog.Create() with { Messages = [.. TestCatalog.Create().Messages.Select(m => m with { Features = null })] };
        var withFeatures = FeatureSchema.Create(TestCatalog.Create(), TestCatalog.Options());
        var without = FeatureSchema.Create(plain, TestCatalog.Options());

        Assert.Equal(
            ["msg.num.discount", "msg.num.discount.present", "msg.num.length", "msg.num.length.present",
             "msg.cat.tone=friendly", "msg.cat.tone=urgent", "msg.cat.tone=(other)"],
            withFeatures.Names.Except(without.Names));
        Assert.Equal(without.Names, withFeatures.Names.Where(n => !n.StartsWith("msg.num.", StringComparison.Ordinal) && !n.StartsWith("msg.cat.", StringComparison.Ordinal)));
        Assert.NotEqual(without.Hash, withFeatures.Hash);

        // Empty feature maps are a catalog without features: the same names, the same hash.
        var empty = plain with { Messages = [.. plain.Messages.Select(m => m with { Features = new Dictionary<string, Catalog.MessageFeatureValue>() })] };
        Assert.Equal(without.Hash, FeatureSchema.Create(empty, TestCatalog.Options()).Hash);
    }

    [Fact]
    public void Message_features_are_message_dependent_and_written_for_each_candidate()
    {
        var schema = TestCatalog.Schema();
        var extractor = new FeatureExtractor(schema);
        var catalog = TestCatalog.Create();

        var welcome = extractor.Extract(new UserState(), null, catalog.Messages[0], RandomLog.Start);
        var tasks = extractor.Extract(new UserState(), null, catalog.Messages[1], RandomLog.Start);
        var upgrade = extractor.Extract(new UserState(), null, catalog.Messages[2], RandomLog.Start);

        Assert.Equal([120f, 1f, 0f, 0f, 80.5f, 1f], new[] { welcome, tasks, upgrade }.SelectMany(v => new[] { v[schema.IndexOf("msg.num.length")], v[schema.IndexOf("msg.num.length.present")] }));
        Assert.Equal(1f, welcome[schema.IndexOf("msg.cat.tone=friendly")]);
        Assert.Equal(1f, tasks[schema.IndexOf("msg.cat.tone=(other)")]);
        Assert.Equal(1f, upgrade[schema.IndexOf("msg.cat.tone=urgent")]);
        Assert.Contains(schema.IndexOf("msg.cat.tone=urgent"), schema.MessageFeatureIndices);
        Assert.Contains(schema.IndexOf("msg.num.discount"), schema.MessageFeatureIndices);
    }

    [Fact]
    public void Vocabularies_include_dated_profile_values_and_the_logs_profile_updates()
    {
        var dated = new UserProfile("u1", Plan: "free")
        {
            Updates = [new UserEvent("p1", "u1", RandomLog.Start, EventTypes.ProfileUpdated, Properties: "{\"plan\":\"team\",\"seats\":4,\"region\":\"emea\"}")],
        };
        UserEvent[] log = [new("p2", "u2", RandomLog.Start, EventTypes.ProfileUpdated, Properties: "{\"plan\":\"scale\",\"region\":\"apac\",\"country\":\"DE\"}")];

        var options = FeatureSchemaOptions.FromProfiles([dated, new UserProfile("u3")], ["a"], profileUpdates: log);

        Assert.Equal(["free", "scale", "team"], options.Plans);
        Assert.Equal(["seats"], options.NumericColumns);
        Assert.Equal(["apac", "emea"], Assert.Single(options.CategoricalColumns, c => c.Column == "region").Values);
        Assert.DoesNotContain(options.CategoricalColumns, c => c.Column == "country");
    }

    [Fact]
    public void Frequent_event_types_skip_reserved_types_and_break_ties_by_name()
    {
        var counts = new Dictionary<string, long> { ["message_sent"] = 100, ["b"] = 5, ["a"] = 5, ["c"] = 9, ["d"] = 1 };

        Assert.Equal(["c", "a", "b"], FeatureSchemaOptions.FrequentEventTypes(counts, top: 3));
    }

    [Fact]
    public void A_destination_shorter_than_the_schema_is_rejected()
    {
        var extractor = new FeatureExtractor(TestCatalog.Schema());

        Assert.Throws<ArgumentException>(() =>
            extractor.Extract(new UserState(), null, TestCatalog.Create().Messages[0], RandomLog.Start, new float[extractor.Schema.Count - 1]));
    }
}
