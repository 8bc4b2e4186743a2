using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>The refusals of <see cref="TrainingJob"/>: each names what is missing and what to change.</summary>
internal static class TrainingChecks
{
    /// <exception cref="TrainingDataException">No sends to learn from, or catalog goals that never occur in the log.</exception>
    public static void Inputs(MessageCatalog catalog, ExampleRunSummary examples, string eventsPath)
    {
        if (examples.Examples.Treatment == 0)
        {
            var unknown = examples.Examples.UnknownMessages > 0
                ? $" ({examples.Examples.UnknownMessages:N0} sends or decisions name messages the catalog does not list)"
                : string.Empty;
            throw new TrainingDataException(
                $"{eventsPath} has no '{EventTypes.MessageSent}' event for a message of the catalog{unknown}. Both models learn from sends: " +
                "check that the log records sends as event_type 'message_sent' with the message_id of a catalog message.");
        }

        var seen = examples.Read.EventTypeCounts;
        var missing = catalog.Messages
            .Where(m => !seen.ContainsKey(m.GoalEvent))
            .GroupBy(m => m.GoalEvent, StringComparer.Ordinal)
            .Select(g => $"'{g.Key}' (goal of {string.Join(", ", g.Select(m => m.Id))})")
            .ToList();
        if (missing.Count > 0)
        {
            throw new TrainingDataException(
                $"Catalog goal events never occur in {eventsPath}: {string.Join("; ", missing)}. Every goal label of those messages " +
                "would be 0 and the model would learn that they never work. Fix goal_event in catalog.json, or include those events in the log.");
        }
    }

    /// <exception cref="TrainingDataException">Too few positive (or negative) labels to fit or to calibrate, or nothing to validate on.</exception>
    public static void Rows(string model, string positive, ModelRows rows, Func<int, bool> label, TrainingOptions options)
    {
        foreach (var (part, indices) in new[] { ("training", rows.Fit), ("calibration", rows.Calibration) })
        {
            var positives = indices.Count(label);
            if (positives < options.MinimumPositives || indices.Length - positives < options.MinimumPositives)
            {
                throw new TrainingDataException(
                    $"The {model} model has {positives:N0} positive labels ({positive}) among its {indices.Length:N0} {part} rows; " +
                    $"it needs at least {options.MinimumPositives:N0} positives and as many negatives (MinimumPositives). " +
                    "Train on a longer log or more users, use fewer --validation-days, or lower MinimumPositives knowingly.");
            }
        }

        if (rows.Validation.Length == 0)
        {
            throw new TrainingDataException(
                $"The {model} model has no validation rows: no decision in the last {options.ValidationDays} days has a final label " +
                "(its label window closes after the end of the log). Use more --validation-days.");
        }
    }
}
