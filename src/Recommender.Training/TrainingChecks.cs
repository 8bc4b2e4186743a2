using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Models.Manifest;
using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>The refusals of <see cref="TrainingJob"/>: each names what is missing, why, and the flag or data that fixes it.</summary>
internal static class TrainingChecks
{
    /// <summary>No sends to learn from, or catalog goals that never occur in the log.</summary>
    public static void Inputs(MessageCatalog catalog, ExampleRunSummary examples, string eventsPath, TrainingProblems problems)
    {
        if (examples.Examples.Treatment == 0)
        {
            var unknown = examples.Examples.UnknownMessages > 0
                ? $" ({examples.Examples.UnknownMessages:N0} sends or decisions name messages the catalog does not list)"
                : string.Empty;
            problems.Add(
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
            problems.Add(
                $"Catalog goal events never occur in {eventsPath}: {string.Join("; ", missing)}. Every goal label of those messages " +
                "would be 0 and the model would learn that they never work. Fix goal_event in catalog.json, or include those events in the log.");
        }
    }

    /// <summary>Too few positive (or negative) labels to fit or to calibrate, or nothing to validate on.</summary>
    public static void Rows(string model, string positive, ModelRows rows, Func<int, bool> label, TrainingOptions options, TrainingWindow window, TrainingProblems problems)
    {
        if (Shortfall(model, positive, rows, label, options, window) is { } problem)
        {
            problems.Add(problem);
        }
    }

    /// <summary>Why <paramref name="rows"/> cannot train <paramref name="model"/>, with the fix; null when they can.</summary>
    public static string? Shortfall(string model, string positive, ModelRows rows, Func<int, bool> label, TrainingOptions options, TrainingWindow window)
    {
        var training = window.ValidationFrom - window.DataStart;
        foreach (var (part, indices) in new[] { ("training", rows.Fit), ("calibration", rows.Calibration) })
        {
            if (indices.Length == 0)
            {
                return $"The {model} model has no {part} rows: no decision in the {training.TotalDays:0.#} days before the validation window " +
                    $"has its label ({positive}) closed before that window starts. Use fewer --validation-days (now {options.ValidationDays}) or a longer log.";
            }

            var positives = indices.Count(label);
            var negatives = indices.Length - positives;
            if (positives == 0)
            {
                return $"The {model} model has no positive label at all ({positive}) among its {indices.Length:N0} {part} rows: the log holds no such " +
                    "outcome in the training period. Check that the log records them (event types and message ids), or train on a longer log.";
            }

            if (positives < options.MinimumPositives || negatives < options.MinimumPositives)
            {
                var few = positives < options.MinimumPositives ? $"{positives:N0} positive" : $"{negatives:N0} negative";
                var floor = Math.Max(1, Math.Min(positives, negatives));
                return $"The {model} model has {few} labels ({positive}) among its {indices.Length:N0} {part} rows; it needs at least " +
                    $"{options.MinimumPositives:N0} positives and as many negatives. Train on a longer log or more users, use fewer " +
                    $"--validation-days (now {options.ValidationDays}), or pass --min-positives {floor} knowingly (trees and calibration on so few labels are mostly noise).";
            }
        }

        if (rows.Validation.Length == 0)
        {
            return $"The {model} model has no validation rows: no decision in the last {options.ValidationDays} days has a final label " +
                "(its label window closes after the end of the log). Use more --validation-days.";
        }

        return null;
    }
}
