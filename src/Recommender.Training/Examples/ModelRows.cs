using Recommender.Core.Catalog;
using Recommender.Core.Randomness;
using Recommender.Models.Manifest;

namespace Recommender.Training.Examples;

/// <summary>The rows one model fits, calibrates and validates on, as indices into an <see cref="ExampleTable"/>.</summary>
internal sealed record ModelRows(int[] Fit, int[] Calibration, int[] Validation)
{
    /// <summary>
    /// The goal models' rows: sends and control rows, each label closing with its message's goal window. The goal
    /// metrics are measured on all of them (each row in its own arm), whichever model answers that arm.
    /// </summary>
    public static ModelRows ForGoal(ExampleTable table, TrainingWindow window, MessageCatalog catalog, TrainingOptions options)
    {
        var goalWindows = catalog.Messages.ToDictionary(m => m.Id, m => TimeSpan.FromHours(m.GoalWindowHours), StringComparer.Ordinal);
        return Split(table, window, _ => true, i => goalWindows[table.MessageId(i)], options.CalibrationFraction, options.Seed);
    }

    /// <summary>The fatigue model's rows: sends only, each label closing with the policy's fatigue window.</summary>
    public static ModelRows ForFatigue(ExampleTable table, TrainingWindow window, MessageCatalog catalog, TrainingOptions options)
    {
        var fatigueWindow = TimeSpan.FromHours(catalog.Policy.FatigueWindowHours);
        return Split(table, window, table.IsTreatment, _ => fatigueWindow, options.CalibrationFraction, options.Seed);
    }

    /// <summary>
    /// Places every row that <paramref name="include"/> admits with <see cref="TrainingWindows.Place"/>, then sends the
    /// training rows of a seeded share of users to calibration. By user, not by row: a user's rows are alike, and
    /// calibrating on rows of users the trees were grown on would make the trees look better calibrated than they are.
    /// </summary>
    public static ModelRows Split(
        ExampleTable table, TrainingWindow window, Func<int, bool> include, Func<int, TimeSpan> labelWindow,
        double calibrationFraction, int seed)
    {
        List<int> fit = [], calibration = [], validation = [];
        var calibrationUsers = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < table.Count; i++)
        {
            if (!include(i))
            {
                continue;
            }

            switch (window.Place(table.SentAt(i), labelWindow(i)))
            {
                case RowRole.Validation:
                    validation.Add(i);
                    break;
                case RowRole.Training:
                    var user = table.UserId(i);
                    if (!calibrationUsers.TryGetValue(user, out var calibrate))
                    {
                        calibrate = IsCalibrationUser(user, calibrationFraction, seed);
                        calibrationUsers.Add(user, calibrate);
                    }

                    (calibrate ? calibration : fit).Add(i);
                    break;
            }
        }

        return new ModelRows(fit.ToArray(), calibration.ToArray(), validation.ToArray());
    }

    /// <summary>Whether <paramref name="userId"/>'s training rows calibrate rather than fit: a seeded draw per user.</summary>
    public static bool IsCalibrationUser(string userId, double calibrationFraction, int seed) =>
        DeterministicRandom.For((ulong)seed, userId).NextDouble() < calibrationFraction;

    /// <summary>The rows of each part that <paramref name="include"/> admits: one arm of a split made over both.</summary>
    public ModelRows Where(Func<int, bool> include) =>
        new(Fit.Where(include).ToArray(), Calibration.Where(include).ToArray(), Validation.Where(include).ToArray());
}
