using Recommender.Core.Randomness;
using Recommender.Models.Metrics;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Quality;

/// <summary>
/// Permutation feature importance (Breiman 2001; Fisher, Rudin &amp; Dominici 2019): shuffle one feature's column
/// across the rows, breaking its link to the label while keeping its distribution, and measure how much the AUC drops.
/// Measured on the validation rows, so it shows what the model relies on for users it has not seen; seeded, so the
/// same data gives the same table.
/// </summary>
/// <remarks>
/// A seeded subsample of the rows keeps it fast: each feature costs one scoring of every row. Features that are
/// constant on the rows cannot change a score when shuffled and are skipped (their drop is exactly zero).
/// Correlated features share their importance: shuffling one leaves the other to carry the signal.
/// </remarks>
internal static class PermutationImportance
{
    public static IReadOnlyList<FeatureImportance> Compute(
        ScoredRows scored, ValidationSet set, int maxRows, int top, int seed, CancellationToken ct)
    {
        var sample = Sample(scored.Rows.Length, maxRows, (ulong)seed, scored.Model);
        var labels = sample.Select(k => scored.Labels[k]).ToArray();
        var baseline = ClassificationMetrics.Auc(sample.Select(k => scored.Probabilities[k]).ToArray(), labels);
        if (!double.IsFinite(baseline))
        {
            return [];
        }

        var names = set.Schema.Names;
        var drops = new double[names.Count];
        var options = new ParallelOptions { CancellationToken = ct };
        Parallel.For(0, names.Count, options, () => new float[names.Count], (j, _, buffer) =>
        {
            var column = sample.Select(k => set.Features(scored.Rows[k])[j]).ToArray();
            if (column.All(v => v.Equals(column[0])))
            {
                return buffer;
            }

            var shuffled = Shuffle(column, DeterministicRandom.For((ulong)seed, scored.Model + "/" + names[j]));
            var probabilities = new double[sample.Length];
            for (var s = 0; s < sample.Length; s++)
            {
                var row = scored.Rows[sample[s]];
                set.Features(row).CopyTo(buffer);
                buffer[j] = shuffled[s];
                probabilities[s] = scored.Score(buffer, row);
            }

            drops[j] = baseline - ClassificationMetrics.Auc(probabilities, labels);
            return buffer;
        }, _ => { });

        return [.. Enumerable.Range(0, names.Count)
            .OrderByDescending(j => drops[j])
            .ThenBy(j => names[j], StringComparer.Ordinal)
            .Take(top)
            .Select(j => new FeatureImportance(names[j], drops[j]))];
    }

    /// <summary>All rows when there are few enough, else a seeded subsample in row order.</summary>
    private static int[] Sample(int rows, int maxRows, ulong seed, string model)
    {
        if (rows <= maxRows)
        {
            return [.. Enumerable.Range(0, rows)];
        }

        var rng = DeterministicRandom.For(seed, model + "/rows");
        var all = Enumerable.Range(0, rows).ToArray();
        for (var i = 0; i < maxRows; i++)
        {
            var j = i + rng.NextInt(rows - i);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var sample = all[..maxRows];
        Array.Sort(sample);
        return sample;
    }

    private static float[] Shuffle(float[] values, DeterministicRandom rng)
    {
        var shuffled = (float[])values.Clone();
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        return shuffled;
    }
}

/// <summary>How much the validation AUC drops when the feature is shuffled (negative: shuffling helped, i.e. noise).</summary>
internal sealed record FeatureImportance(string Feature, double AucDrop);
