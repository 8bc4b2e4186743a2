using Recommender.Core.Events;
using Recommender.Core.Randomness;

namespace Recommender.Decisioning.Tests;

/// <summary>
/// 100,000 random situations: the engine removes exactly the candidates the naive rules forbid (with the same
/// rule), never chooses a forbidden message, returns a proper distribution, and replays by decision id.
/// </summary>
public sealed class DecisionPropertyTests
{
    private const int Cases = 100_000;

    [Fact]
    public void Decisions_never_break_a_hard_rule_and_are_proper_and_replayable()
    {
        var scorer = new FixedScorer();
        var engine = new DecisionEngine(scorer, explorationSeed: 99);
        var sent = 0;
        for (var c = 0; c < Cases; c++)
        {
            var rng = DeterministicRandom.For(2026, (ulong)c);
            var asOf = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rng.NextInt(60 * 24 * 30));
            var catalog = RandomWorld.Catalog(rng);
            var (request, events, profile) = RandomWorld.Situation(rng, catalog, asOf, $"case-{c}");
            var decision = engine.Decide(request);

            foreach (var m in catalog.Messages)
            {
                var naive = NaiveRules.FirstViolation(events, profile, catalog, m, asOf);
                var engineRule = decision.Suppressed.SingleOrDefault(s => s.MessageId == m.Id)?.Rule;
                Assert.True(naive == engineRule, $"case {c}, message {m.Id}: naive rules say {naive ?? "eligible"}, engine says {engineRule ?? "eligible"}");
            }

            if (decision.MessageId is { } chosen)
            {
                sent++;
                Assert.Null(NaiveRules.FirstViolation(events, profile, catalog, catalog.Find(chosen)!, asOf));
            }

            Assert.Equal(1.0, decision.Distribution.Values.Sum(), 9);
            Assert.Equal(decision.Scores.Count + 1, decision.Distribution.Count);
            if (catalog.Policy.ExplorationRate > 0)
            {
                Assert.All(decision.Distribution.Values, p => Assert.True(p > 0, $"case {c}: zero probability on an eligible action"));
            }

            Assert.Equal(decision.Distribution[decision.MessageId ?? Decision.NoSendAction], decision.Propensity);
            if (c % 10 == 0)
            {
                var again = engine.Decide(request);
                Assert.Equal(decision.MessageId, again.MessageId);
                Assert.Equal(decision.Propensity, again.Propensity);
                Assert.Equal(decision.Distribution, again.Distribution);
            }
        }

        // The cases must exercise sending too, not only suppression.
        Assert.InRange(sent, Cases / 20, Cases);
    }
}
