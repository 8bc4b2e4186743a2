using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

/// <summary>
/// Profile attributes that change over time: each decision sees the value of its own instant, never a later one
/// (the leak a static profile exported at the end of the log caused), whatever order the updates arrive in, and
/// through the state's binary form.
/// </summary>
public sealed class PointInTimeProfileTests
{
    private static readonly MessageCatalog Catalog = TestCatalog.Create();
    private static readonly FeatureExtractor Extractor = new(TestCatalog.Schema());
    private static readonly DateTime T0 = RandomLog.Start;

    [Fact]
    public void An_attribute_changing_between_two_decisions_is_seen_by_each_at_its_own_value()
    {
        var profile = new UserProfile("u1", Plan: "free");
        var state = new UserState();
        state.Apply(Update("e1", T0.AddDays(1), "{\"seats\":3}"));
        state.Apply(Update("e2", T0.AddDays(5), "{\"plan\":\"pro\",\"seats\":12,\"industry\":\"software\"}"));

        var first = Extractor.Extract(state, profile, Catalog.Messages[0], T0.AddDays(3));
        var atTheChange = Extractor.Extract(state, profile, Catalog.Messages[0], T0.AddDays(5));
        var second = Extractor.Extract(state, profile, Catalog.Messages[0], T0.AddDays(5).AddTicks(1));

        Assert.Equal((1f, 0f, 3f, 0f), Values(first));
        Assert.Equal((1f, 0f, 3f, 0f), Values(atTheChange));
        Assert.Equal((0f, 1f, 12f, 1f), Values(second));
    }

    [Fact]
    public void Rules_see_the_profile_of_the_decision_instant()
    {
        var state = new UserState();
        state.Apply(Update("e1", T0.AddDays(2), "{\"plan\":\"enterprise\",\"timezone\":\"Asia/Tokyo\",\"company_size\":40}"));

        Assert.Equal("free", state.ProfileAt(new UserProfile("u1", Plan: "free"), T0.AddDays(1))!.Plan);
        var later = state.ProfileAt(new UserProfile("u1", Plan: "free"), T0.AddDays(3))!;
        Assert.Equal(("enterprise", "Asia/Tokyo", 40), (later.Plan, later.Timezone, later.CompanySize));
    }

    [Fact]
    public void Without_updates_the_profile_itself_is_returned_and_a_cleared_attribute_is_unknown()
    {
        var profile = new UserProfile("u1", Country: "DE", Plan: "free");
        var state = new UserState();
        state.Apply(new UserEvent("s", "u1", T0, "session_started"));
        Assert.Same(profile, state.ProfileAt(profile, T0.AddDays(1)));

        state.Apply(Update("e1", T0.AddDays(2), "{\"plan\":null}"));
        Assert.Same(profile, state.ProfileAt(profile, T0.AddDays(2)));
        Assert.Null(state.ProfileAt(profile, T0.AddDays(3))!.Plan);
        Assert.Equal("DE", state.ProfileAt(profile, T0.AddDays(3))!.Country);
    }

    [Fact]
    public void Two_values_at_one_instant_resolve_the_same_in_either_arrival_order()
    {
        UserEvent a = Update("a", T0, "{\"plan\":\"pro\"}"), b = Update("b", T0, "{\"plan\":\"enterprise\"}");

        var ab = ParityTests.Build([a, b]).ProfileAt(null, T0.AddDays(1))!.Plan;
        var ba = ParityTests.Build([b, a]).ProfileAt(null, T0.AddDays(1))!.Plan;

        Assert.Equal("pro", ab);
        Assert.Equal(ab, ba);
    }

    [Fact]
    public void Updates_older_than_the_horizon_keep_the_latest_value_and_survive_the_binary_form()
    {
        var state = new UserState();
        state.Apply(Update("e1", T0, "{\"plan\":\"free\",\"seats\":1}"));
        state.Apply(Update("e2", T0.AddDays(10), "{\"plan\":\"pro\"}"));
        state.Apply(new UserEvent("s", "u1", T0.AddDays(100), "session_started"));

        var back = UserState.FromBytes(state.ToBytes());
        var asOf = T0.AddDays(100);

        Assert.True(state.CompactedBefore > T0.AddDays(10));
        Assert.Equal(("pro", 1.0), (back.ProfileAt(null, asOf)!.Plan, back.ProfileAt(null, asOf)!.Numeric["seats"]));
        Assert.Equal(state.ToBytes(), back.ToBytes());

        // A value arriving late, older than the horizon, still counts when it is the latest before it.
        state.Apply(Update("e3", T0.AddDays(20), "{\"plan\":\"team\"}"));
        state.Apply(Update("e4", T0.AddDays(5), "{\"plan\":\"ignored\"}"));
        Assert.Equal("team", state.ProfileAt(null, asOf)!.Plan);
    }

    private static (float Free, float Pro, float Seats, float Software) Values(float[] v)
    {
        var s = Extractor.Schema;
        return (v[s.IndexOf("profile.plan=free")], v[s.IndexOf("profile.plan=pro")], v[s.IndexOf("profile.num.seats")], v[s.IndexOf("profile.cat.industry=software")]);
    }

    private static UserEvent Update(string id, DateTime at, string properties) => new(id, "u1", at, EventTypes.ProfileUpdated, Properties: properties);
}
