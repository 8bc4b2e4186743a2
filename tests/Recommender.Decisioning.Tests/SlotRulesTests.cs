using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Rules;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// The send-time search's shortcut through the rules (the whole grid of a message's slots and channels at once) gives
/// exactly the full rule check at each slot's own context, on states with nothing ahead of the decision (the shortcut)
/// and on states with events ahead (the full path).
/// </summary>
public sealed class SlotRulesTests
{
    [Fact]
    public void The_six_groups_are_exactly_the_hard_rules()
    {
        var grouped = SlotRules.Fixed.Concat(SlotRules.Shared).Concat(SlotRules.Expiring).Concat(SlotRules.Releasing)
            .Concat(SlotRules.ChannelConstant).Concat(SlotRules.ChannelReleasing)
            .Select(r => r.GetType()).OrderBy(t => t.Name).ToList();

        Assert.Equal(HardRules.All.Select(r => r.GetType()).OrderBy(t => t.Name), grouped);
    }

    [Fact]
    public void Slot_verdicts_equal_the_full_rules_at_a_fresh_context_of_each_slot()
    {
        string[] channels = ["email", "push", "in_app"];
        var (fast, full, eligible) = (0, 0, 0);
        for (var c = 0; c < 3_000; c++)
        {
            var rng = DeterministicRandom.For(31, (ulong)c);
            var asOf = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rng.NextInt(60 * 24 * 30));
            var catalog = RandomWorld.Catalog(rng);
            catalog = catalog with { Messages = [.. catalog.Messages.Select(m => m with { Channels = [m.Channel, .. channels.Where(ch => ch != m.Channel)] })] };
            var profile = RandomWorld.Profile(rng, asOf);
            var state = new UserState();
            foreach (var e in RandomWorld.Events(rng, catalog, asOf).OrderBy(e => e.Timestamp))
            {
                state.Apply(e);
            }

            var requested = rng.Bernoulli(0.2) ? channels[rng.NextInt(3)] : null;
            var options = new SendTimeOptions { LookAheadHours = 30, SlotHours = 1.5 };
            var contexts = new RuleContext[options.SlotCount];
            contexts[0] = new RuleContext(state, profile, catalog, asOf, requested, "u");
            for (var k = 1; k < contexts.Length; k++)
            {
                var slot = asOf.AddHours(k * options.SlotHours);
                // As the engine builds them: each later context may take its send counts over from the slot before.
                contexts[k] = contexts[0].HoldsNothingAhead
                    ? contexts[0].Later(slot, previous: contexts[k - 1])
                    : new RuleContext(state, profile, catalog, slot, requested, "u");
            }

            var rules = new SlotRules(contexts);
            _ = contexts[0].HoldsNothingAhead ? fast++ : full++;
            foreach (var message in catalog.Messages)
            {
                var variants = ChannelVariants.Of(message);
                var grid = new bool[contexts.Length * variants.Length];
                var gridCount = rules.Grid(message, variants, grid);
                for (var k = 0; k < contexts.Length; k++)
                {
                    var fresh = new RuleContext(state, profile, catalog, asOf.AddHours(k * options.SlotHours), requested, "u");
                    AssertSameCounts(fresh, contexts[k], $"case {c}, slot {k}");
                    for (var v = 0; v < variants.Length; v++)
                    {
                        var variant = variants[v];
                        var expected = !HardRules.Suppresses(fresh, variant);
                        Assert.True(expected == grid[k * variants.Length + v], $"case {c}, {message.Id} on {variant.Channel} at slot {k}: full rules say {expected}, the grid {grid[k * variants.Length + v]}");
                        eligible += expected ? 1 : 0;
                    }
                }

                Assert.Equal(grid.Count(e => e), gridCount);
            }
        }

        // Both paths, and eligible as well as suppressed pairs, must be exercised.
        Assert.InRange(fast, 500, 3_000);
        Assert.InRange(full, 20, 3_000);
        Assert.True(eligible > 1_000, $"only {eligible} eligible pairs");
    }

    [Fact]
    public void A_later_context_takes_over_counts_only_from_its_own_decision()
    {
        var asOf = new DateTime(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);
        var catalog = RandomWorld.Catalog(DeterministicRandom.For(5, 1));
        var now = new RuleContext(new UserState(), null, catalog, asOf);
        var other = new RuleContext(new UserState(), null, catalog, asOf);
        var later = now.Later(asOf.AddHours(2), previous: now);

        Assert.Throws<ArgumentException>(() => now.Later(asOf.AddHours(3), previous: other));
        Assert.Throws<ArgumentException>(() => now.Later(asOf.AddHours(1), previous: later));
        Assert.Equal(asOf.AddHours(3), now.Later(asOf.AddHours(3), previous: later).AsOf);
    }

    /// <summary>What the rules read from a context's send windows, compared with a context built afresh at the same instant.</summary>
    private static void AssertSameCounts(RuleContext expected, RuleContext actual, string where)
    {
        Assert.True(expected.SendsDay == actual.SendsDay && expected.SendsWeek == actual.SendsWeek, $"{where}: sends {actual.SendsDay}/{actual.SendsWeek}, expected {expected.SendsDay}/{expected.SendsWeek}");
        foreach (var category in Enum.GetValues<MessageCategory>())
        {
            foreach (var day in new[] { true, false })
            {
                Assert.True(expected.CategorySends(category, day) == actual.CategorySends(category, day), $"{where}: {category} (day {day})");
            }
        }

        foreach (var channel in new[] { "email", "push", "in_app", "sms" })
        {
            foreach (var day in new[] { true, false })
            {
                Assert.True(expected.ChannelSends(channel, day) == actual.ChannelSends(channel, day), $"{where}: {channel} (day {day})");
            }
        }
    }
}
