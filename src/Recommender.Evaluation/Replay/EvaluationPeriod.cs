using Recommender.Core.Catalog;
using Recommender.Models.Manifest;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// The logged decisions the policies are evaluated on: from the start of the validation window (the models never saw
/// it) up to the longest outcome window before the end of the log, so that every decision's goal and unsubscribe
/// outcomes are final. One cut for every decision, whatever its message: a cut that depended on the action taken
/// would drop more decisions of long-window messages and bias the comparison.
/// </summary>
/// <param name="From">First instant evaluated: the validation window's start.</param>
/// <param name="Until">Decisions strictly before this are evaluated: the end of the log minus <see cref="LongestWindow"/>.</param>
internal sealed record EvaluationPeriod(DateTime From, DateTime Until, TimeSpan LongestWindow)
{
    public static EvaluationPeriod For(TrainingWindow window, MessageCatalog catalog)
    {
        var longest = TimeSpan.FromHours(Math.Max(catalog.Policy.FatigueWindowHours, catalog.Messages.Max(m => m.GoalWindowHours)));
        var until = window.DataEnd - longest;
        if (until <= window.ValidationFrom)
        {
            throw new EvaluationDataException(
                $"The validation window starts {window.ValidationFrom:yyyy-MM-dd HH:mm} and the log ends {window.DataEnd:yyyy-MM-dd HH:mm}: " +
                $"no decision in it has its longest outcome window ({longest.TotalHours:0.#} h) closed by the end of the log. " +
                "Use more --validation-days (the window must be longer than the longest goal or fatigue window).");
        }

        return new EvaluationPeriod(window.ValidationFrom, until, longest);
    }

    public bool Contains(DateTime at) => at >= From && at < Until;

    /// <summary>Week of the period an instant falls in, counted from <see cref="From"/>.</summary>
    public int Week(DateTime at) => (int)((at - From).TotalDays / 7);

    /// <summary>Weeks the period covers, the last possibly partial.</summary>
    public int Weeks => Math.Max(1, (int)Math.Ceiling((Until - From).TotalDays / 7));
}
