using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Recommender.Training.Compilation;

namespace Recommender.Scoring.Tests;

/// <summary>LightGBM's categorical splits over one-hot slots, as ML.NET converts them, against ML.NET's scores.</summary>
public sealed class CategoricalModelTests
{
    private static readonly string[] Plans = ["free", "starter", "team", "business", "enterprise", "trial", "edu", "nonprofit"];

    [Fact]
    public void Compiled_forest_with_categorical_splits_scores_like_MlNet()
    {
        var context = new MLContext(seed: 3);
        var data = context.Data.LoadFromEnumerable(Rows(8_000, seed: 3));
        var pipeline = context.Transforms.Categorical.OneHotEncoding("PlanSlots", nameof(PlanRow.Plan))
            .Append(context.Transforms.Concatenate("Features", nameof(PlanRow.Numeric), "PlanSlots"))
            .Append(context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = 20, NumberOfLeaves = 8, UseCategoricalSplit = true, MinimumExampleCountPerGroup = 10,
                Seed = 3, Deterministic = true, NumberOfThreads = 1, Silent = true,
            }));
        var model = pipeline.Fit(data);
        var lightGbm = (CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>)model.LastTransformer.Model;

        var forest = ForestCompiler.Compile(lightGbm);
        var scored = context.Data.CreateEnumerable<FeaturesAndScore>(
            model.Transform(context.Data.LoadFromEnumerable(Rows(3_000, seed: 4))), reuseRowObject: false).ToList();

        Assert.Contains(forest.Nodes.ToArray(), n => n.IsCategorical);
        Assert.All(scored, row => Assert.Equal(row.Score, forest.Score(row.Features)));

        // A forest the QuickScorer cannot take is scored row by row by ForestVariants: the very same scores.
        var slots = Enumerable.Range(4, forest.FeatureCount - 4).ToArray();
        var variants = new ForestVariants(forest, slots);
        var rows = scored.Take(50).ToArray();
        var values = rows.SelectMany(r => slots.Select(s => r.Features[s])).ToArray();
        var batch = new float[rows.Length];
        variants.Score(rows[0].Features, values, batch);
        for (int i = 0; i < rows.Length; i++)
        {
            var assembled = (float[])rows[0].Features.Clone();
            foreach (var s in slots)
                assembled[s] = rows[i].Features[s];
            Assert.Equal(forest.Score(assembled), batch[i]);
        }

        var (withPlan, withoutPlan) = (new float[rows.Length], new float[rows.Length]);
        var pairValues = rows.SelectMany(r => slots[..^1].Select(s => r.Features[s])).ToArray();
        variants.ScorePairs(rows[0].Features, pairValues, 1f, 0f, withPlan, withoutPlan);
        for (int i = 0; i < rows.Length; i++)
        {
            var assembled = (float[])rows[0].Features.Clone();
            foreach (var s in slots[..^1])
                assembled[s] = rows[i].Features[s];
            assembled[slots[^1]] = 1f;
            Assert.Equal(forest.Score(assembled), withPlan[i]);
            assembled[slots[^1]] = 0f;
            Assert.Equal(forest.Score(assembled), withoutPlan[i]);
        }
    }

    private static IEnumerable<PlanRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int plan = random.Next(Plans.Length);
            var numeric = new float[4];
            for (int f = 0; f < numeric.Length; f++)
                numeric[f] = random.NextDouble() < 0.05 ? float.NaN : (float)random.NextDouble();
            double z = (plan is 1 or 3 or 6 ? 1.5 : -1.0) + (float.IsNaN(numeric[0]) ? 0 : 2 * (numeric[0] - 0.5));
            yield return new PlanRow
            {
                Label = random.NextDouble() < 1 / (1 + Math.Exp(-z)),
                Plan = Plans[plan],
                Numeric = numeric,
            };
        }
    }

    private sealed class PlanRow
    {
        public bool Label { get; set; }

        public string Plan { get; set; } = "";

        [VectorType(4)]
        public float[] Numeric { get; set; } = [];
    }

    private sealed class FeaturesAndScore
    {
        public float[] Features { get; set; } = [];

        public float Score { get; set; }
    }
}
