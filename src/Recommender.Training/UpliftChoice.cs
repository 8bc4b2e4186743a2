using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Models.Manifest;
using Recommender.Training.Examples;
using Recommender.Training.Learners;

namespace Recommender.Training;

/// <summary>
/// Which rows identify P(goal | send nothing), decided from what the log holds (<see cref="TrainingOptions.UpliftSource"/>):
/// the goal model's rows, and the words that say why, for <c>train</c>'s output, the manifest and the report.
/// </summary>
internal sealed record UpliftChoice(UpliftSource Source, ModelRows GoalRows, string Note)
{
    /// <summary>
    /// From the first pass over the log (no not-chosen rows): hold-outs when they suffice or are asked for, response mode
    /// when asked for, else <see cref="UpliftSource.NotChosen"/> (the caller then replays the log with not-chosen rows).
    /// </summary>
    public static UpliftChoice FromHoldouts(ExampleTable table, TrainingWindow window, MessageCatalog catalog, TrainingOptions options, TrainingProblems problems)
    {
        var all = ModelRows.ForGoal(table, window, catalog, options);
        var (sends, holdouts) = (table.CountOf(ExampleArm.Treatment), table.CountOf(ExampleArm.Control));
        var share = sends == 0 ? 0 : (double)holdouts / sends;
        // Into the manifest: the same text on every machine, whatever its culture.
        var describe = string.Create(CultureInfo.InvariantCulture, $"{holdouts:N0} hold-out decisions ({Percent(share)} of {sends:N0} sends)");
        switch (options.UpliftSource)
        {
            case UpliftSource.RandomizedControl:
                if (!Enough(all.Where(i => !table.IsTreatment(i)), table, options))
                {
                    problems.Add(
                        $"--uplift-source control, but the log's {describe} hold fewer than {options.MinimumPositives} goals (or non-goals) among " +
                        "the training or the calibration rows: they cannot identify P(goal | send nothing). Use --uplift-source auto (not-chosen rows, " +
                        "else response mode), or a log with more decision_no_send events.");
                }

                return new(UpliftSource.RandomizedControl, all, $"{describe} identify P(goal | send nothing) (--uplift-source control).");
            case UpliftSource.None:
                return new(UpliftSource.None, all.Where(table.IsTreatment),
                    $"Response mode (--uplift-source none): messages are ranked by P(goal | send) x value - fatigue cost; {describe} are not used.");
            case UpliftSource.NotChosen:
                return new(UpliftSource.NotChosen, all, string.Empty);
        }

        var controlRows = all.Where(i => !table.IsTreatment(i));
        if (share >= options.MinimumControlShare && Enough(controlRows, table, options))
        {
            return new(UpliftSource.RandomizedControl, all, $"{describe} identify P(goal | send nothing).");
        }

        return new(UpliftSource.NotChosen, all, describe);
    }

    /// <summary>From the replay with not-chosen rows: they identify the baseline when they hold enough goals, else response mode.</summary>
    public static UpliftChoice FromNotChosen(ExampleTable table, TrainingWindow window, MessageCatalog catalog, TrainingOptions options, UpliftChoice first)
    {
        var all = ModelRows.ForGoal(table, window, catalog, options);
        // Not-chosen rows teach; the goal metrics stay on logged decisions, as the manifest has always reported them.
        all = all with { Validation = [.. all.Validation.Where(i => table.Arm(i) != ExampleArm.NotChosen)] };
        var (sends, holdouts, notChosen) = (table.CountOf(ExampleArm.Treatment), table.CountOf(ExampleArm.Control), table.CountOf(ExampleArm.NotChosen));
        var baseline = all.Where(i => !table.IsTreatment(i));
        var needed = HoldoutsNeeded(table, all, options, sends);
        var holdoutWords = first.Note.Length > 0 ? first.Note : $"{holdouts:N0} hold-out decisions";
        if (Enough(baseline, table, options))
        {
            return new(UpliftSource.NotChosen, all,
                $"{holdoutWords} are too few to identify P(goal | send nothing) alone (at least {Percent(options.MinimumControlShare)} of the sends, " +
                $"with {options.MinimumPositives} goals): it is learnt from them and {notChosen:N0} rows of messages eligible but not chosen at logged " +
                $"decisions, weighted by the logging policy's propensities. About {needed:N0} hold-out decisions would identify it alone; " +
                "serving with exploration on logs them (the API's decision log, then train --decision-log).");
        }

        return new(UpliftSource.None, all.Where(table.IsTreatment),
            $"Response mode: nothing in the log identifies P(goal | send nothing) ({holdoutWords}, {notChosen:N0} not-chosen rows, fewer than " +
            $"{options.MinimumPositives} goals without a send among them). Messages are ranked by P(goal | send) x value - fatigue cost, " +
            $"so the uplift reported is P(goal | send). About {needed:N0} hold-out decisions would let the next bundle learn uplift; serving " +
            "with exploration on logs them (the API's decision log, then train --decision-log).");
    }

    /// <summary>The manifest's <c>uplift</c>.</summary>
    public BundleUplift Describe(ExampleTable table, PropensityWeights? weights) => new(
        Source switch
        {
            UpliftSource.RandomizedControl => UpliftSources.RandomizedControl,
            UpliftSource.NotChosen => UpliftSources.NotChosen,
            _ => UpliftSources.None,
        },
        table.CountOf(ExampleArm.Control),
        table.CountOf(ExampleArm.NotChosen),
        weights is null ? null : weights.Estimated > 0 ? "estimated" : "logged",
        Note);

    /// <summary>Enough goals, and non-goals, without a send among the fitting and the calibration rows.</summary>
    private static bool Enough(ModelRows rows, ExampleTable table, TrainingOptions options) =>
        new[] { rows.Fit, rows.Calibration }.All(part =>
        {
            var positives = part.Count(i => table.LabelGoal(i));
            return positives >= options.MinimumPositives && part.Length - positives >= options.MinimumPositives;
        });

    /// <summary>
    /// Hold-outs for the baseline alone: at least the minimum share of the sends, and enough of them for the minimum number
    /// of goals among the calibration users at the goal rate the sends show (a lower bound: the baseline's rate is lower).
    /// </summary>
    private static long HoldoutsNeeded(ExampleTable table, ModelRows rows, TrainingOptions options, long sends)
    {
        var sent = rows.Fit.Concat(rows.Calibration).Where(table.IsTreatment).ToArray();
        var rate = sent.Length == 0 ? 0 : sent.Count(i => table.LabelGoal(i)) / (double)sent.Length;
        var forGoals = rate <= 0 ? long.MaxValue : (long)Math.Ceiling(options.MinimumPositives / rate / options.CalibrationFraction);
        return Math.Max((long)Math.Ceiling(options.MinimumControlShare * sends), forGoals == long.MaxValue ? 0 : forGoals);
    }

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
