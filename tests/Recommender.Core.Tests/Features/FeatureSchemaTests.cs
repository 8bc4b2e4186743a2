using Recommender.Core.Features;
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
