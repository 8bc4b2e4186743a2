using Recommender.Core.Features;
using Recommender.Decisioning;
using Recommender.Models;
using Recommender.Simulation;
using Recommender.Training.Bundles;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// The serving path (user features once, each candidate's own features, each forest once for all candidates)
/// against one full feature vector and three scores per candidate, on real users of the world the bundle learnt from.
/// </summary>
public sealed class CandidateBatchScoringTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    [Theory]
    [InlineData(UpliftMethod.TreatmentInput)]
    [InlineData(UpliftMethod.TwoModels)]
    public async Task Scoring_all_candidates_at_once_equals_scoring_each_alone(UpliftMethod method)
    {
        var directory = trained.Bundle;
        if (method == UpliftMethod.TwoModels)
        {
            directory = trained.Scratch("two-models");
            await new TrainingJob(TrainingData.FastOptions with { Uplift = method }, FixedTime.Default).RunAsync(trained.Data, directory);
        }

        var (catalog, schema) = (trained.Inputs.Catalog, trained.Inputs.Schema);
        var scorer = new ModelCandidateScorer(ModelBundle.Load(directory, schema), schema);
        ICandidateScorer each = new OneAtATime(scorer);
        var messages = catalog.Messages.ToArray();
        var generator = new WorldGenerator(new WorldOptions { Users = 700, Days = 40, Seed = 3 }, catalog);
        var compared = 0;
        foreach (var block in generator.Generate().Take(2))
        {
            for (var u = 0; u < block.Users.Count; u += 7)
            {
                var state = new UserState();
                var events = block.Events[u];
                foreach (var e in events.Take(events.Count * 2 / 3))
                {
                    state.Apply(e);
                }

                var asOf = events[events.Count * 2 / 3].Timestamp;
                var batch = new CandidateProbabilities[messages.Length];
                var single = new CandidateProbabilities[messages.Length];
                scorer.ScoreAll(state, block.Users[u].Profile, messages, asOf, batch);
                each.ScoreAll(state, block.Users[u].Profile, messages, asOf, single);
                for (var i = 0; i < messages.Length; i++)
                {
                    Assert.Equal(single[i].PGoalSend, batch[i].PGoalSend, 1e-6);
                    Assert.Equal(single[i].PGoalNoSend, batch[i].PGoalNoSend, 1e-6);
                    Assert.Equal(single[i].PUnsubscribe, batch[i].PUnsubscribe, 1e-6);
                    compared++;
                }

                // A subset in another order gets the same answers as the full list.
                var subset = messages.Reverse().Take(3).ToArray();
                var few = new CandidateProbabilities[subset.Length];
                scorer.ScoreAll(state, block.Users[u].Profile, subset, asOf, few);
                Assert.Equal(batch[^1], few[0]);
            }
        }

        Assert.True(compared > 500, $"only {compared} candidates compared");
    }

    /// <summary>The interface's default: one <see cref="ICandidateScorer.Score"/> call per candidate.</summary>
    private sealed class OneAtATime(ICandidateScorer inner) : ICandidateScorer
    {
        public string? Version => inner.Version;

        public bool EstimatesNoSend => inner.EstimatesNoSend;

        public CandidateProbabilities Score(UserState state, Core.Profiles.UserProfile? profile, Core.Catalog.MessageDefinition message, DateTime asOf) =>
            inner.Score(state, profile, message, asOf);
    }
}
